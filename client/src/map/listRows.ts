/**
 * The table of "List these sightings": its rows from `GET /api/sightings`, sorted in
 * the browser, and the export links. Pure: no DOM, no fetch.
 */
import { type SightingCategory } from '../../../server/lists.js';
import { CATEGORY_LABELS } from '../../../server/labels.js';
import { formatGrading } from '../format.js';

/** Most rows one list fetches; the heading says "first 500 of N" when more match. */
export const LIST_LIMIT = 500;

export const SORT_KEYS = ['time', 'category', 'grading', 'premises', 'vehicle'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** Newest first, as the server sends them. */
export const DEFAULT_SORT: Sort = { key: 'time', descending: true };

/** The fields of a listed sighting the table shows. */
export interface ListedSighting {
  id: string;
  lon: number;
  lat: number;
  observedAt: string;
  category: SightingCategory;
  sourceEval: number;
  intelAssessment: string;
  handlingCode: string;
  premisesId: string | null;
  premisesName?: string | null;
  vehicleId: string | null;
  vehiclePlate?: string | null;
}

/** "2 / B / P": source evaluation, intelligence assessment, handling code. */
export const grading = (s: Pick<ListedSighting, 'sourceEval' | 'intelAssessment' | 'handlingCode'>) => formatGrading(s);

const text: Record<Exclude<SortKey, 'time'>, (s: ListedSighting) => string> = {
  category: (s) => CATEGORY_LABELS[s.category] ?? s.category,
  grading,
  premises: (s) => s.premisesName ?? '',
  vehicle: (s) => s.vehiclePlate ?? '',
};

/**
 * The rows in the asked order; ties (and empty premises or vehicle, which go last
 * either way) fall back to newest first, then id, so the order is stable.
 */
export function sortRows(rows: readonly ListedSighting[], sort: Sort): ListedSighting[] {
  const dir = sort.descending ? -1 : 1;
  const newest = (a: ListedSighting, b: ListedSighting) => Date.parse(b.observedAt) - Date.parse(a.observedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...rows].sort((a, b) => {
    if (sort.key === 'time') return dir * (Date.parse(a.observedAt) - Date.parse(b.observedAt)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const [x, y] = [text[sort.key](a), text[sort.key](b)];
    if (x === '' || y === '') return x === y ? newest(a, b) : x === '' ? 1 : -1;
    return dir * x.localeCompare(y, 'en-GB', { numeric: true }) || newest(a, b);
  });
}

/** A header clicked: the same column turns round, another starts ascending (time: newest first). */
export const nextSort = (s: Sort, key: SortKey): Sort => (s.key === key ? { key, descending: !s.descending } : { key, descending: key === 'time' });

/** `/api/exports/sightings?…&format=…`: the same selection as the list, every row of it. */
export function exportHref(params: Record<string, string>, format: 'csv' | 'geojson' | 'gpkg'): string {
  const { limit: _limit, ...rest } = params;
  return `/api/exports/sightings?${new URLSearchParams({ ...rest, format })}`;
}

/** "124 sightings" or "the first 500 of 1,203 sightings (newest first)". */
export function describeCount(returned: number, matched: number): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  if (returned >= matched) return `${n(matched)} sighting${matched === 1 ? '' : 's'}`;
  return `the first ${n(returned)} of ${n(matched)} sightings (newest first)`;
}
