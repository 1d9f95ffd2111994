import type { EpisodeFlowProps, EpisodeFoundProps, Journey } from './api';
import type { AreaGeometry } from './geometry';

/** What the drawer beside the map shows. */
export type Detail =
  | { kind: 'sighting'; id: string }
  | { kind: 'premises'; id: string }
  | { kind: 'vehicle'; id: string }
  | { kind: 'area'; id: string; name: string }
  | { kind: 'polygon'; geometry: AreaGeometry }
  | SightingListDetail
  /** A missing episode picked on the map (its flow or where the child was found). */
  | { kind: 'episode'; episode: EpisodeFlowProps | EpisodeFoundProps }
  /** A journey, with the leg picked on the map (null: the journey as a whole). */
  | { kind: 'journey'; journey: Journey; seq: number | null };

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
