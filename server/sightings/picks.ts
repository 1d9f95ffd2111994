import { areaGeometrySchema, type AreaGeometry } from '../geo/geojson.js';
import { parsed, type LatticeCell } from './filters.js';

/** A cluster drawn on the map, as its `members` property names it: `zoom/clusterId`, or `zoom/ix:iy` for one grid cell. */
export type ClusterRef = { zoom: number; clusterId: number } | { zoom: number; ix: number; iy: number };

/**
 * Reads a cluster's `members` text.
 * @example parseClusterRef('13/4021') // { zoom: 13, clusterId: 4021 }
 * @example parseClusterRef('19/-1204:8870') // { zoom: 19, ix: -1204, iy: 8870 }
 */
export function parseClusterRef(text: string): ClusterRef | string {
  const m = /^(\d{1,2})\/(?:(\d{1,12})|(-?\d{1,12}):(-?\d{1,12}))$/.exec(text);
  const zoom = m ? Number(m[1]) : NaN;
  if (!m || zoom > 22) return `must be a cluster's members, zoom/id or zoom/ix:iy (e.g. 13/4021), got "${text}"`;
  return m[2] !== undefined ? { zoom, clusterId: Number(m[2]) } : { zoom, ix: Number(m[3]), iy: Number(m[4]) };
}

/**
 * "List these sightings" (issue 19): the sightings of one thing drawn on the map, as
 * extra query parameters of the sightings list and export:
 *
 * - `cell=square:100:3571:4094`: a hot spot cell (shape, size in metres, column, row);
 * - `cluster=13/4021` or `cluster=19/-1204:8870`: a cluster's `members`, with the same
 *   `bbox` and filters the clusters were asked with;
 * - `within={"type":"Polygon",…}`: a drawn area (GeoJSON, WGS84).
 */

/**
 * @example parseCell('hex:250:1420:1630') // { shape: 'hex', size: 250, col: 1420, row: 1630 }
 */
export function parseCell(text: string): LatticeCell | string {
  const m = /^(square|hex):(\d{1,5}(?:\.\d+)?):(-?\d{1,9}):(-?\d{1,9})$/.exec(text);
  const size = m ? Number(m[2]) : NaN;
  if (!m || size < 10 || size > 10_000) return `must be shape:size:column:row with a size of 10–10,000 metres (e.g. square:100:3571:4094), got "${text}"`;
  return { shape: m[1] as LatticeCell['shape'], size, col: Number(m[3]), row: Number(m[4]) };
}

function parseWithin(text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'must be a GeoJSON Polygon or MultiPolygon';
  }
  const r = areaGeometrySchema.safeParse(json);
  return r.success ? r.data : `must be a GeoJSON Polygon or MultiPolygon (${r.error.issues[0]?.message ?? 'not one'})`;
}

export const selectionFields = {
  cell: parsed(parseCell).optional(),
  cluster: parsed(parseClusterRef).optional(),
  within: parsed(parseWithin).optional(),
};

export type Selection = { cell?: LatticeCell; cluster?: ClusterRef; within?: AreaGeometry };

/** Whether the query picks one thing off the map. */
export const picksFromMap = (q: Selection) => q.cell !== undefined || q.cluster !== undefined || q.within !== undefined;

