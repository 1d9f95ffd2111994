import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Role } from '../lists.js';
import { clip, type BBox } from '../geo/bbox.js';
import { aggregatesRestricted } from '../auth/policy.js';
import { safeCellSize, suppress, suppressAll, type Count } from '../disclosure/suppress.js';
import { record, type Actor } from '../audit/service.js';
import { describeFilters, type SightingFilters } from '../sightings/filters.js';
import type { Scope } from '../sightings/repo.js';
import { clusterCells, abbreviate, type ClusterFeature } from './cluster.js';
import * as repo from './repo.js';

export interface Viewer {
  role: Role;
  actor: Actor;
}

/** Aggregates count every sighting; only record-level roles see them as individual points. */
const AGG_SCOPE: Scope = 'all';

/** Web Mercator metres per pixel at the equator at zoom 0 (256-px tiles). */
const M_PER_PX_Z0 = 156_543.033_928_040_97;

/** Ground metres covered by `px` screen pixels at a zoom and latitude. */
export const groundMetres = (px: number, zoom: number, lat: number) => (M_PER_PX_Z0 * Math.cos((lat * Math.PI) / 180) * px) / 2 ** zoom;

const centreLat = (b: BBox) => (b.south + b.north) / 2;
const bboxArray = (b: BBox): [number, number, number, number] => [b.west, b.south, b.east, b.north];

export interface SafeFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { cluster: true; cell: true; cellSize: number; point_count: Count; point_count_abbreviated: string; expansion_zoom: number; categories: Record<string, Count> };
}

export interface ClusterResult {
  type: 'FeatureCollection';
  zoom: number;
  restricted: boolean;
  cellSize: number | null;
  total: Count;
  features: (ClusterFeature | SafeFeature)[];
}

async function safeCells(db: Db, config: Config, f: SightingFilters & { bbox: BBox }, zoom: number, px: number) {
  const size = safeCellSize(groundMetres(px, zoom, centreLat(f.bbox)));
  // The grid is the British National Grid: a view of the whole world (a GIS zoomed right
  // out) would project to nonsense, so the box is first cut to the operating area.
  const bbox = clip(f.bbox, config.operatingArea);
  const cells = bbox ? await repo.safeGrid(db.knex, { ...f, bbox }, config.timeZone, AGG_SCOPE, size) : [];
  return { size, cells };
}

/** Clustered sightings for a map view; disclosure-controlled cells for restricted roles. */
export async function clusters(db: Db, config: Config, v: Viewer, f: SightingFilters & { bbox: BBox }, zoom: number): Promise<ClusterResult> {
  let result: ClusterResult;
  if (aggregatesRestricted(v.role)) {
    const { size, cells } = await safeCells(db, config, f, zoom, 48);
    const total = cells.reduce((a, c) => a + c.n, 0);
    result = {
      type: 'FeatureCollection',
      zoom,
      restricted: true,
      cellSize: size,
      total: suppress(total),
      features: cells.map((c) => {
        const n = suppress(c.n);
        return {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
          properties: { cluster: true, cell: true, cellSize: size, point_count: n, point_count_abbreviated: typeof n === 'number' ? abbreviate(n) : n, expansion_zoom: Math.min(Math.floor(zoom) + 2, 16), categories: suppressAll(c.categories) },
        };
      }),
    };
  } else {
    const size = M_PER_PX_Z0 * 8 / 2 ** Math.floor(zoom);
    const cells = await repo.mercatorGrid(db.knex, f, config.timeZone, AGG_SCOPE, size);
    const features = clusterCells(cells, bboxArray(f.bbox), zoom);
    result = { type: 'FeatureCollection', zoom, restricted: false, cellSize: null, total: cells.reduce((a, c) => a + c.n, 0), features };
  }
  await record(db, v.actor, { action: 'search', targetType: 'map_clusters', query: { ...describeFilters(f), zoom, features: result.features.length }, outcome: 'ok' });
  return result;
}

/** Weighted points for a heatmap layer (weight = sightings in the cell). */
export async function heat(db: Db, config: Config, v: Viewer, f: SightingFilters & { bbox: BBox }, zoom: number) {
  let features: { type: 'Feature'; geometry: { type: 'Point'; coordinates: [number, number] }; properties: { weight: number; count: Count } }[];
  let cellSize: number | null = null;
  if (aggregatesRestricted(v.role)) {
    const { size, cells } = await safeCells(db, config, f, zoom, 16);
    cellSize = size;
    // A suppressed cell gets a nominal weight of 2: visible, but no count to read off.
    features = cells.map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { weight: c.n < 5 ? 2 : c.n, count: suppress(c.n) } }));
  } else {
    const size = M_PER_PX_Z0 * 4 / 2 ** Math.floor(zoom);
    const cells = await repo.mercatorGrid(db.knex, f, config.timeZone, 'all', size);
    features = cells.map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { weight: c.n, count: c.n } }));
  }
  await record(db, v.actor, { action: 'search', targetType: 'map_heat', query: { ...describeFilters(f), zoom, features: features.length }, outcome: 'ok' });
  const max = features.reduce((m, x) => Math.max(m, x.properties.weight), 0);
  return { type: 'FeatureCollection' as const, zoom, restricted: aggregatesRestricted(v.role), cellSize, maxWeight: max, features };
}

const DAY = 86_400_000;

/**
 * Days for up to 120 days, weeks for up to three years, months beyond. The period is the
 * filter's, or else the span of the matching sightings (their first and last local days).
 */
function chooseInterval(f: SightingFilters, days: { start: string }[]): repo.Interval {
  const first = days[0] ? new Date(`${days[0].start}T00:00:00Z`) : null;
  const last = days.length ? new Date(new Date(`${days[days.length - 1]!.start}T00:00:00Z`).getTime() + DAY) : null;
  const from = f.from ?? first;
  const to = f.to ?? last;
  if (!from || !to) return 'day';
  const span = (to.getTime() - from.getTime()) / DAY;
  return span <= 120 ? 'day' : span <= 3 * 365 ? 'week' : 'month';
}

/** Counts by day/week/month and the weekday × hour matrix. */
export async function timeline(db: Db, config: Config, v: Viewer, f: SightingFilters, interval: 'auto' | repo.Interval = 'auto') {
  const all = await repo.timelines(db.knex, f, config.timeZone, AGG_SCOPE, interval === 'auto' ? (['day', 'week', 'month'] as const) : [interval]);
  const chosen = interval === 'auto' ? chooseInterval(f, all.buckets.day!) : interval;
  const t = { buckets: all.buckets[chosen]!, matrix: all.matrix, total: all.total };
  await record(db, v.actor, { action: 'search', targetType: 'map_timeline', query: { ...describeFilters(f), interval: chosen, total: t.total }, outcome: 'ok' });
  const restricted = aggregatesRestricted(v.role);
  const s = (n: number): Count => (restricted ? suppress(n) : n);
  return {
    interval: chosen,
    timeZone: config.timeZone,
    restricted,
    total: s(t.total),
    buckets: t.buckets.map((b) => ({ start: b.start, count: s(b.count) })),
    matrix: t.matrix.map((row) => row.map(s)),
  };
}

/** Counts per ward (or other area kind) for a choropleth. */
export async function choropleth(db: Db, config: Config, v: Viewer, f: SightingFilters, kind: string) {
  const rows = await repo.countsByArea(db.knex, f, config.timeZone, AGG_SCOPE, kind);
  await record(db, v.actor, { action: 'search', targetType: 'map_choropleth', query: { ...describeFilters(f), kind }, outcome: 'ok' });
  const restricted = aggregatesRestricted(v.role);
  return { kind, restricted, areas: rows.map((r) => ({ id: r.id, name: r.name, count: restricted ? suppress(r.n) : r.n })) };
}

export interface PeriodStats {
  period: { from: string; to: string };
  count: Count;
  previous: { from: string; to: string; count: Count };
  lastYear: { from: string; to: string; count: Count };
  /** Percentage change against the previous period; null when it cannot be told (zero or suppressed). */
  changePct: number | null;
  byCategory: Record<string, Count>;
  matrix: Count[][];
  restricted: boolean;
}

/**
 * Headline statistics for an area or polygon: the period (default the last 12 weeks),
 * the one before it, the same period a year earlier, categories and the weekday × hour matrix.
 */
export async function periodStats(db: Db, config: Config, v: Viewer, f: SightingFilters, target: { type: string; ids: string[] }): Promise<PeriodStats> {
  const to = f.to ?? new Date();
  const from = f.from ?? new Date(to.getTime() - 84 * DAY);
  const len = to.getTime() - from.getTime();
  const prev = { from: new Date(from.getTime() - len), to: from };
  const yearAgo = (d: Date) => new Date(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const ly = { from: yearAgo(from), to: yearAgo(to) };
  const cur = await repo.timeline(db.knex, { ...f, from, to }, config.timeZone, AGG_SCOPE, 'month');
  const p = await repo.timeline(db.knex, { ...f, ...prev }, config.timeZone, AGG_SCOPE, 'month');
  const l = await repo.timeline(db.knex, { ...f, ...ly }, config.timeZone, AGG_SCOPE, 'month');
  const cats = await repo.countByCategory(db.knex, { ...f, from, to }, config.timeZone, AGG_SCOPE);
  await record(db, v.actor, { action: 'search', targetType: target.type, targetIds: target.ids, query: { ...describeFilters(f), from: from.toISOString(), to: to.toISOString(), total: cur.total }, outcome: 'ok' });
  const restricted = aggregatesRestricted(v.role);
  const s = (n: number): Count => (restricted ? suppress(n) : n);
  const comparable = p.total > 0 && (!restricted || (p.total >= 5 && cur.total >= 5));
  const iso = (d: Date) => d.toISOString();
  return {
    period: { from: iso(from), to: iso(to) },
    count: s(cur.total),
    previous: { from: iso(prev.from), to: iso(prev.to), count: s(p.total) },
    lastYear: { from: iso(ly.from), to: iso(ly.to), count: s(l.total) },
    changePct: comparable ? Math.round(((cur.total - p.total) / p.total) * 1000) / 10 : null,
    byCategory: restricted ? suppressAll(cats) : cats,
    matrix: cur.matrix.map((row) => row.map(s)),
    restricted,
  };
}
