import type { AreaGeometry } from './geometry';

/** What the drawer beside the map shows. */
export type Detail =
  | { kind: 'sighting'; id: string }
  | { kind: 'premises'; id: string }
  | { kind: 'vehicle'; id: string }
  | { kind: 'area'; id: string; name: string }
  | { kind: 'polygon'; geometry: AreaGeometry }
  | SightingListDetail;

/**
 * "List these sightings": the sightings of a hot spot cell, a cluster or a drawn area,
 * as the query of `GET /api/sightings` (and of its export) that selects exactly them.
 */
export interface SightingListDetail {
  kind: 'list';
  /** What was picked, e.g. "Cluster of 124 sightings". */
  title: string;
  params: Record<string, string>;
}
