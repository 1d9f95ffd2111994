import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Role } from '../lists.js';
import { clip, type BBox } from '../geo/bbox.js';
import { aggregatesRestricted, maySeeSensitiveSites, recordScope, type Scope } from '../auth/policy.js';
import { SAFE_CELL_SIZES } from '../disclosure/suppress.js';
import type { Published } from '../disclosure/secondary.js';
import { Tables } from '../disclosure/gate.js';
import * as sightingsRepo from '../sightings/repo.js';
import { visibleTo } from '../sightings/service.js';
import * as premisesRepo from '../premises/repo.js';
import * as areasRepo from '../areas/repo.js';
import type { Area } from '../areas/schema.js';
import { aggregateScopeOf, safeGrid } from '../map/repo.js';
import type { SightingFilters } from '../sightings/filters.js';
import { snapToDays } from './datetime.js';
import * as repo from './repo.js';
import type { CollectionId, ItemsRequest } from './schema.js';
import { pointFeature, shapeFeature } from '../geo/feature.js';

/**
 * The four collections and who may read them (DESIGN.md, Roles): individual sightings
 * for record readers within their scope, premises for everyone but planners, and for
 * every role the area outlines and the disclosure-controlled `sighting-cells`.
 */

export interface Feature {
  type: 'Feature';
  id: string;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

export interface Page {
  features: Feature[];
  numberMatched: number;
}

export interface Extent {
  bbox: BBox | null;
  interval: [string | null, string | null] | null;
}

export interface Collection {
  id: CollectionId;
  title: string;
  description: string;
  /** Whether a role may read it at all; others do not see it listed and get 403. */
  mayRead: (role: Role | null) => boolean;
  /** Individual records: only with a stated purpose. */
  needsPurpose: boolean;
  /** The property `datetime` filters on, if any. */
  temporal?: string;
  extent: (db: Db, role: Role | null) => Promise<Extent>;
  items: (db: Db, config: Config, role: Role | null, q: ItemsRequest) => Promise<Page>;
  item: (db: Db, role: Role | null, id: string) => Promise<Feature | undefined>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const interval = (e: repo.Extent): Extent['interval'] => (e.first || e.last ? [iso(e.first), iso(e.last)] : null);

/** Record readers' scope; planners have none. */
const scopeOf = (role: Role | null): Scope => (recordScope(role) === 'all' ? 'all' : 'licensing');

const sightingFilters = (q: ItemsRequest): SightingFilters => ({ ...q.filters, ...(q.bbox ? { bbox: q.bbox } : {}), ...q.range });

const sightings: Collection = {
  id: 'sightings',
  title: 'Sightings',
  description: 'Individual sightings (synthetic demo data where so labelled), newest first. Licensing officers see only P-coded sightings linked to premises or vehicles.',
  mayRead: (role) => recordScope(role) !== 'none',
  needsPurpose: true,
  temporal: 'observedAt',
  async extent(db, role) {
    const e = await repo.sightingExtent(db.knex, scopeOf(role));
    return { bbox: e.bbox, interval: interval(e) };
  },
  async items(db, config, role, q) {
    const f = sightingFilters(q);
    const rows = await sightingsRepo.list(db.knex, f, config.timeZone, scopeOf(role), q.limit, q.offset);
    const numberMatched = await sightingsRepo.count(db.knex, f, config.timeZone, scopeOf(role));
    const features = rows.slice(0, q.limit).map(pointFeature);
    return { features, numberMatched };
  },
  async item(db, role, id) {
    if (!UUID.test(id)) return undefined;
    const s = await sightingsRepo.findById(db.knex, id, scopeOf(role));
    return s ? pointFeature(visibleTo(role, s)) : undefined;
  },
};

const premises: Collection = {
  id: 'premises',
  title: 'Premises',
  description: 'Take-aways, hotels, licensed premises, taxi ranks, private-hire operators and others (fictional in the demo town), by name; children\'s homes and refuges for analysts only.',
  mayRead: (role) => recordScope(role) !== 'none',
  needsPurpose: false,
  // Sensitive sites (children's homes, refuges) are served to analysts and admins only: for others they are not there.
  extent: async (db, role) => ({ bbox: (await repo.tableExtent(db.knex, 'premises', { hideSensitive: !maySeeSensitiveSites(role) })).bbox, interval: null }),
  async items(db, _config, role, q) {
    const hide = !maySeeSensitiveSites(role);
    const rows = await repo.premisesPage(db.knex, q.bbox, q.limit, q.offset, hide);
    return { features: rows.map(pointFeature), numberMatched: await repo.premisesCount(db.knex, q.bbox, hide) };
  },
  async item(db, role, id) {
    if (!UUID.test(id)) return undefined;
    const p = await premisesRepo.findById(db.knex, id, { hideSensitive: !maySeeSensitiveSites(role) });
    return p ? pointFeature(p) : undefined;
  },
};

const areaFeature = (a: Area): Feature => shapeFeature(a) as Feature;

const areas: Collection = {
  id: 'areas',
  title: 'Areas',
  description: 'Named areas: wards, known hot spots, patrol zones and custom areas (outlines only, no counts).',
  mayRead: () => true,
  needsPurpose: false,
  extent: async (db) => ({ bbox: (await repo.tableExtent(db.knex, 'areas')).bbox, interval: null }),
  async items(db, _config, _role, q) {
    const rows = await repo.areasPage(db.knex, q.bbox, q.kind, q.limit, q.offset);
    return { features: rows.map(areaFeature), numberMatched: await repo.areasCount(db.knex, q.bbox, q.kind) };
  },
  async item(db, _role, id) {
    if (!UUID.test(id)) return undefined;
    const a = await areasRepo.findById(db.knex, id);
    return a ? areaFeature(a) : undefined;
  },
};

export const DEFAULT_CELL_SIZE = SAFE_CELL_SIZES[0];

/**
 * A cell's counts as a role may see them, through the disclosure gate: for restricted
 * roles 0–4 read "<5", a category its cell total would give away reads "[c]", the rest
 * in bands of 5; a cell whose own count is hidden is not published at all (listed, it
 * would tell a cell with one sighting from an empty one), nor are hidden categories.
 */
function cellCounts(role: Role | null, categories: Record<string, number>): { count: Published; categories: Record<string, Published> } | null {
  const restricted = aggregatesRestricted(role);
  const keys = Object.keys(categories).sort();
  const t = new Tables(restricted);
  const total = t.add(keys.reduce((a, k) => a + categories[k]!, 0));
  const parts = t.addAll(keys.map((k) => categories[k]!));
  t.line(total, parts);
  const out = t.publish();
  const count = out(total);
  if (restricted && typeof count !== 'number') return null;
  const shownCats = keys.map((k, i) => [k, out(parts[i]!)] as const).filter(([, v]) => !restricted || typeof v === 'number');
  return { count, categories: Object.fromEntries(shownCats) };
}

const cellId = (size: number, ix: number, iy: number) => `${size}:${ix}:${iy}`;

/** The cells a role may see, with their counts (see `cellCounts`). */
function publishedCells<C extends { categories: Record<string, number> }>(role: Role | null, cells: C[]): (C & { counts: NonNullable<ReturnType<typeof cellCounts>> })[] {
  return cells.flatMap((c) => {
    const counts = cellCounts(role, c.categories);
    return counts ? [{ ...c, counts }] : [];
  });
}

async function cellFeatures(db: Db, role: Role | null, size: number, cells: { ix: number; iy: number; counts: NonNullable<ReturnType<typeof cellCounts>> }[]): Promise<Feature[]> {
  const shapes = new Map((await repo.cellShapes(db.knex, size, cells)).map((s) => [`${s.ix}:${s.iy}`, s]));
  return cells.map((c) => {
    const shape = shapes.get(`${c.ix}:${c.iy}`)!;
    return {
      type: 'Feature',
      id: cellId(size, c.ix, c.iy),
      geometry: shape.geometry,
      properties: { cellSize: size, count: c.counts.count, categories: c.counts.categories, centreLon: shape.lon, centreLat: shape.lat, restricted: aggregatesRestricted(role) },
    };
  });
}

const sightingCells: Collection = {
  id: 'sighting-cells',
  title: 'Sighting counts per grid cell',
  description:
    'Sightings counted on the British National Grid in squares of 250 m or more (cellSize). For planners and licensing officers (docs/DISCLOSURE.md): cells under 5 are not listed, a category its cell total would give away reads "[c]", categories under 5 are left out, others are shown in bands of 5, and datetime is widened to whole days.',
  mayRead: () => true,
  needsPurpose: false,
  temporal: 'observedAt',
  async extent(db, role) {
    const restricted = aggregatesRestricted(role);
    const e = await repo.sightingExtent(db.knex, 'all', restricted ? 1000 : undefined);
    // Restricted readers get whole months, not the moment of the first and last sighting.
    const month = (d: Date | null, end: boolean) => (d ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (end ? 1 : 0), 1)) : null);
    return { bbox: e.bbox, interval: interval(restricted ? { ...e, first: month(e.first, false), last: month(e.last, true) } : e) };
  },
  async items(db, config, role, q) {
    const size = q.cellSize ?? DEFAULT_CELL_SIZE;
    const range = aggregatesRestricted(role) ? snapToDays(q.range, config.timeZone) : q.range;
    // The grid is British National Grid: a world-wide view (a GIS zoomed right out) is cut to the operating area first.
    const bbox = q.bbox ? clip(q.bbox, config.operatingArea) : undefined;
    if (bbox === null) return { features: [], numberMatched: 0 };
    // Restricted readers' cells count sightings at sensitive sites at their area, as the map's do.
    const cells = publishedCells(role, await safeGrid(db.knex, { ...sightingFilters(q), ...(bbox ? { bbox } : {}), ...range }, config.timeZone, aggregateScopeOf(aggregatesRestricted(role)), size));
    cells.sort((a, b) => b.iy - a.iy || a.ix - b.ix);
    const page = cells.slice(q.offset, q.offset + q.limit);
    return { features: await cellFeatures(db, role, size, page), numberMatched: cells.length };
  },
  async item(db, role, id) {
    const m = /^(\d+):(-?\d+):(-?\d+)$/.exec(id);
    const size = Number(m?.[1]);
    const ix = Number(m?.[2]);
    const iy = Number(m?.[3]);
    // Cells of the grid lie within a few thousand of the origin; anything else is not a cell (nor an int).
    if (!m || !(SAFE_CELL_SIZES as readonly number[]).includes(size) || Math.abs(ix) > 1e6 || Math.abs(iy) > 1e6) return undefined;
    const [shape] = await repo.cellShapes(db.knex, size, [{ ix, iy }]);
    if (!shape || !(Math.abs(shape.lon) < 180 && Math.abs(shape.lat) < 90)) return undefined;
    // A tiny box round the centre selects exactly this cell (safeGrid widens a bbox to whole cells).
    const d = 1e-6;
    const bbox = { west: shape.lon - d, south: shape.lat - d, east: shape.lon + d, north: shape.lat + d };
    const [cell] = publishedCells(role, await safeGrid(db.knex, { bbox }, 'UTC', aggregateScopeOf(aggregatesRestricted(role)), size));
    if (!cell) return undefined;
    return (await cellFeatures(db, role, size, [cell]))[0];
  },
};

export const COLLECTIONS: Record<CollectionId, Collection> = { sightings, premises, areas, 'sighting-cells': sightingCells };
