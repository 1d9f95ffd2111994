/**
 * OpenStreetMap features onto the basemap's layers. An extract reaches Lantern as
 * GeoJSON or GeoPackage, made by ogr2ogr from a `.osm.pbf` (tags as columns, the rest in
 * an `other_tags` hstore string) or by an Overpass export (tags as properties, or in a
 * `tags` object): all three spellings are read.
 */
import type { BasemapLayer, RoadClass } from './schema.js';
import type { GeometryKind } from './gpkg.js';

export type OsmTags = Record<string, string>;

/**
 * The pairs of an hstore literal as ogr2ogr writes OSM's extra tags.
 * @example hstore('"surface"=>"asphalt","water"=>"river"') // { surface: 'asphalt', water: 'river' }
 */
export function hstore(text: string): OsmTags {
  const out: OsmTags = {};
  const pair = /"((?:[^"\\]|\\.)*)"\s*=>\s*(?:"((?:[^"\\]|\\.)*)"|NULL)/g;
  const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
  for (let m = pair.exec(text); m; m = pair.exec(text)) if (m[2] !== undefined) out[unescape(m[1]!)] = unescape(m[2]);
  return out;
}

/** A feature's OSM tags from its properties, whichever way the extract spelled them. */
export function osmTags(props: Record<string, unknown>): OsmTags {
  const tags: OsmTags = {};
  const take = (k: string, v: unknown) => {
    if (typeof v === 'string' && v !== '') tags[k] = v;
    else if (typeof v === 'number') tags[k] = String(v);
  };
  for (const [k, v] of Object.entries(props)) if (k !== 'tags' && k !== 'other_tags') take(k, v);
  if (typeof props.other_tags === 'string') Object.assign(tags, hstore(props.other_tags));
  if (props.tags && typeof props.tags === 'object' && !Array.isArray(props.tags)) for (const [k, v] of Object.entries(props.tags)) take(k, v);
  return tags;
}

/** Whether a feature's properties look like OpenStreetMap's (an OSM id, or tags in OSM's spelling). */
export function looksLikeOsm(props: Record<string, unknown>): boolean {
  if ('osm_id' in props || 'osm_way_id' in props || 'other_tags' in props || '@id' in props) return true;
  if (typeof props.id === 'string' && /^(node|way|relation)\/\d+$/.test(props.id)) return true;
  return !!props.tags && typeof props.tags === 'object' && ('highway' in props.tags || 'building' in props.tags);
}

/** `highway` values that are not roads one drives or walks along (or not yet, or no longer). */
const NOT_ROADS = new Set(['proposed', 'construction', 'abandoned', 'disused', 'platform', 'bus_stop', 'raceway', 'bus_guideway', 'elevator', 'corridor', 'razed', 'no']);
const PATHS = new Set(['footway', 'path', 'cycleway', 'pedestrian', 'track', 'steps', 'bridleway']);

/**
 * The road class of an OSM `highway` value, on the scale OS Open Roads is mapped to:
 * motorway; trunk and primary (A roads) → primary; secondary and tertiary (B and
 * classified unnumbered roads) → secondary; service → service; footways and tracks →
 * path; the rest (residential, unclassified, living streets…) → minor. Null for a
 * `highway` that is no road.
 * @example osmRoadClass('trunk_link') // 'primary'
 */
export function osmRoadClass(highway: string): RoadClass | null {
  const h = highway.toLowerCase().replace(/_link$/, '');
  if (NOT_ROADS.has(h)) return null;
  if (h === 'motorway') return 'motorway';
  if (h === 'trunk' || h === 'primary') return 'primary';
  if (h === 'secondary' || h === 'tertiary') return 'secondary';
  if (h === 'service') return 'service';
  if (PATHS.has(h)) return 'path';
  return 'minor';
}

const WATERWAYS = new Set(['river', 'stream', 'canal', 'drain', 'ditch', 'riverbank', 'dock', 'brook']);
const GREEN_LEISURE = new Set(['park', 'garden', 'nature_reserve', 'common', 'recreation_ground']);
const GREEN_LANDUSE = new Set(['grass', 'recreation_ground', 'village_green', 'meadow', 'cemetery', 'allotments', 'forest']);

/** Where an OSM feature goes on the basemap, or null when it is none of the basemap's layers. */
export interface OsmPlacement {
  layer: BasemapLayer;
  class: RoadClass | null;
  name: string | null;
}

/**
 * Places one OSM feature: `highway=*` lines → roads (named by `name`, else `ref`);
 * `building=*` areas → buildings; `waterway=*` lines and areas, `natural=water`,
 * `water=*` and reservoirs → water; parks (`leisure=park`, gardens…) and
 * `landuse=grass|recreation_ground|…` areas → green.
 * @example osmPlacement({ highway: 'residential', name: 'Example Street' }, 'line') // { layer: 'roads', class: 'minor', name: 'Example Street' }
 */
export function osmPlacement(tags: OsmTags, kind: GeometryKind): OsmPlacement | null {
  const name = tags.name?.trim() || null;
  const line = kind === 'line' || kind === 'collection';
  const area = kind === 'polygon' || kind === 'collection';
  if (tags.highway && line) {
    const cls = osmRoadClass(tags.highway);
    if (cls && tags.area !== 'yes') return { layer: 'roads', class: cls, name: name ?? (tags.ref?.trim() || null) };
  }
  if (tags.building && tags.building !== 'no' && area) return { layer: 'buildings', class: null, name: null };
  const water = (tags.waterway && WATERWAYS.has(tags.waterway)) || tags.natural === 'water' || !!tags.water || tags.landuse === 'reservoir' || tags.landuse === 'basin';
  if (water && (line || area)) return { layer: 'water', class: null, name };
  if (area && (GREEN_LEISURE.has(tags.leisure ?? '') || GREEN_LANDUSE.has(tags.landuse ?? '') || tags.natural === 'wood')) return { layer: 'green', class: null, name };
  return null;
}
