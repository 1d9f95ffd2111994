/**
 * The map view as a URL query, and back, so a copied link reproduces the view:
 *
 *   ?from=2026-01-01&to=2026-03-31&hours=22-2&days=fri,sat&category=party_address
 *    &layers=clusters,heat&heat=30/1.5&map=13.00/53.57800/-2.42900
 *    &record=6f1c…   (the sighting whose record is open, so a record can be linked to)
 *
 * Reading is lenient in the way of supercluster: a value that cannot be used is
 * left out and named in `problems`, never thrown. Writing is canonical: the same
 * state always gives the same text, and defaults are left out. Pure: no DOM.
 */
import { LIST_FILTERS, NO_FILTERS, formatHours, isIsoDate, normaliseList, parseHours, type Filters, type ListFilter } from './filterState.js';

/**
 * The map's layers, in drawing order from the bottom. `episodes` and `journeys` are about
 * people (issue 21): offered to subject readers only (mayReadSubjects).
 */
export const LAYER_IDS = ['areas', 'choropleth', 'hotspots', 'emerging', 'heat', 'premises', 'episodes', 'journeys', 'clusters'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

/** Shown when the link names no layers. */
export const DEFAULT_LAYERS: readonly LayerId[] = ['areas', 'heat', 'premises', 'clusters'];

/** The map's centre (WGS84 degrees) and zoom. */
export interface MapPosition {
  zoom: number;
  lat: number;
  lon: number;
}

/** Heatmap look: kernel radius in screen pixels and an intensity multiplier. */
export interface HeatSettings {
  radius: number;
  intensity: number;
}

export const DEFAULT_HEAT: HeatSettings = { radius: 25, intensity: 1 };
export const HEAT_RADIUS = { min: 5, max: 60 } as const;
export const HEAT_INTENSITY = { min: 0.2, max: 3 } as const;

export interface MapUrlState {
  filters: Filters;
  layers: LayerId[];
  /** Null: no position in the link, so the map fits the data. */
  position: MapPosition | null;
  heat: HeatSettings;
  /** The sighting whose record is open beside the map, or null. */
  record: string | null;
}

export const DEFAULT_STATE: MapUrlState = { filters: NO_FILTERS, layers: [...DEFAULT_LAYERS], position: null, heat: DEFAULT_HEAT, record: null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ParsedMapUrl {
  state: MapUrlState;
  /** One sentence per value that was left out, e.g. `days: unknown "fry"`. */
  problems: string[];
}

/**
 * Reads a query string (with or without the leading "?"). Parameters it does not
 * know are ignored; known ones with bad values are dropped and named in `problems`.
 */
export function parseMapUrl(search: string): ParsedMapUrl {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const filters: Filters = { ...NO_FILTERS };

  for (const key of ['from', 'to'] as const) {
    const v = q.get(key);
    if (v === null || v === '') continue;
    if (isIsoDate(v)) filters[key] = v;
    else problems.push(`${key}: "${v}" is not a date written YYYY-MM-DD`);
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    problems.push(`to: ${filters.to} is before from ${filters.from}`);
    filters.to = null;
  }

  const hours = q.get('hours');
  if (hours !== null && hours !== '') {
    const h = parseHours(hours);
    if (typeof h === 'string') problems.push(`hours: ${h}`);
    else filters.hours = h;
  }

  for (const key of Object.keys(LIST_FILTERS) as ListFilter[]) {
    const { values, unknown } = readList(q.get(key), LIST_FILTERS[key]);
    if (unknown.length) problems.push(`${key}: unknown ${unknown.map((u) => `"${u}"`).join(', ')}`);
    (filters as unknown as Record<ListFilter, string[]>)[key] = normaliseList(values, LIST_FILTERS[key]);
  }

  let layers = [...DEFAULT_LAYERS];
  const layerText = q.get('layers');
  if (layerText !== null) {
    const { values, unknown } = readList(layerText, LAYER_IDS);
    if (unknown.length) problems.push(`layers: unknown ${unknown.map((u) => `"${u}"`).join(', ')}`);
    layers = LAYER_IDS.filter((id) => values.includes(id));
  }

  let position: MapPosition | null = null;
  const map = q.get('map');
  if (map !== null && map !== '') {
    const p = parsePosition(map);
    if (typeof p === 'string') problems.push(`map: ${p}`);
    else position = p;
  }

  let heat = DEFAULT_HEAT;
  const heatText = q.get('heat');
  if (heatText !== null && heatText !== '') {
    const h = parseHeat(heatText);
    if (typeof h === 'string') problems.push(`heat: ${h}`);
    else heat = h;
  }

  let record: string | null = null;
  const recordText = q.get('record');
  if (recordText !== null && recordText !== '') {
    const id = recordText.trim().toLowerCase();
    if (UUID.test(id)) record = id;
    else problems.push(`record: "${recordText}" is not a record id`);
  }

  return { state: { filters, layers, position, heat, record }, problems };
}

/**
 * The canonical query string of a view ("" when everything is at its default),
 * with commas and slashes left readable.
 */
export function formatMapUrl(state: MapUrlState): string {
  const parts: [string, string][] = [];
  const f = state.filters;
  if (f.from) parts.push(['from', f.from]);
  if (f.to) parts.push(['to', f.to]);
  if (f.hours) parts.push(['hours', formatHours(f.hours)]);
  for (const key of Object.keys(LIST_FILTERS) as ListFilter[]) {
    const list = normaliseList(f[key], LIST_FILTERS[key] as readonly string[]);
    if (list.length) parts.push([key, list.join(',')]);
  }
  const layers = LAYER_IDS.filter((id) => state.layers.includes(id));
  if (!sameList(layers, DEFAULT_LAYERS)) parts.push(['layers', layers.join(',')]);
  if (state.heat.radius !== DEFAULT_HEAT.radius || state.heat.intensity !== DEFAULT_HEAT.intensity) {
    parts.push(['heat', `${state.heat.radius}/${state.heat.intensity}`]);
  }
  if (state.position) parts.push(['map', formatPosition(state.position)]);
  if (state.record) parts.push(['record', state.record]);
  if (!parts.length) return '';
  return `?${parts.map(([k, v]) => `${k}=${encodeValue(v)}`).join('&')}`;
}

/**
 * `zoom/lat/lon` as OpenStreetMap writes it. Longitudes outside ±180 are wrapped
 * (a map panned round the world), latitudes clamped to Web Mercator's ±85.0511.
 * @example parsePosition('13/53.578/-2.429') // { zoom: 13, lat: 53.578, lon: -2.429 }
 */
export function parsePosition(text: string): MapPosition | string {
  const parts = text.split('/');
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (nums.length !== 3 || nums.some((n) => !Number.isFinite(n))) return `must be zoom/lat/lon, e.g. 13/53.578/-2.429, got "${text}"`;
  const [zoom, lat, lon] = nums as [number, number, number];
  if (zoom < 0 || zoom > 22) return `zoom must be 0–22, got ${zoom}`;
  if (Math.abs(lat) > 90) return `latitude must be −90 to 90, got ${lat}`;
  return { zoom, lat: Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)), lon: wrapLon(lon) };
}

/** `13.00/53.57800/-2.42900`: zoom to 2 places, degrees to 5 (about a metre). */
export const formatPosition = (p: MapPosition): string => `${p.zoom.toFixed(2)}/${p.lat.toFixed(5)}/${p.lon.toFixed(5)}`;

/** `radius/intensity`, each within its range. */
export function parseHeat(text: string): HeatSettings | string {
  const m = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return `must be radius/intensity, e.g. 30/1.5, got "${text}"`;
  const radius = Number(m[1]);
  const intensity = Number(m[2]);
  if (radius < HEAT_RADIUS.min || radius > HEAT_RADIUS.max) return `radius must be ${HEAT_RADIUS.min}–${HEAT_RADIUS.max} pixels, got ${radius}`;
  if (intensity < HEAT_INTENSITY.min || intensity > HEAT_INTENSITY.max) return `intensity must be ${HEAT_INTENSITY.min}–${HEAT_INTENSITY.max}, got ${intensity}`;
  return { radius, intensity };
}

// ---- Helpers ---------------------------------------------------------------------------

const MAX_LAT = 85.0511;

/** Longitude into [−180, 180). */
const wrapLon = (lon: number): number => {
  if (lon >= -180 && lon < 180) return lon;
  const w = ((((lon + 180) % 360) + 360) % 360) - 180;
  return Object.is(w, -0) ? 0 : w;
};

function readList<T extends string>(text: string | null, vocabulary: readonly T[]): { values: T[]; unknown: string[] } {
  if (text === null) return { values: [], unknown: [] };
  const parts = text
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  const known = new Set<string>(vocabulary);
  return { values: parts.filter((p): p is T => known.has(p)), unknown: parts.filter((p) => !known.has(p)) };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

const encodeValue = (v: string): string => encodeURIComponent(v).replace(/%2C/gi, ',').replace(/%2F/gi, '/');
