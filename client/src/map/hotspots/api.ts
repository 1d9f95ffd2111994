/**
 * The hot spot endpoints, typed as the server declares them (server/hotspots/schema.ts):
 * Getis-Ord Gi* cells, emerging hot spot cells, repeat places.
 */
import { getJson } from '../../api';
import type { BBox } from '../geometry';
import type { EmergingCollection, HotSpotCollection, PlacesCollection } from '../../../../server/hotspots/schema';

export type { EmergingCollection, HotSpotCollection, PlacesCollection };
export { EMERGING_PATTERNS, type EmergingPattern } from '../../../../server/lists';

/** The study area: one area (a ward) by id, or a box. */
export type StudyArea = { kind: 'area'; id: string; name: string } | { kind: 'bbox'; bbox: BBox; name: string };

type Params = Record<string, string | undefined>;

export const studyParams = (s: StudyArea): Params => (s.kind === 'area' ? { areaId: s.id } : { bbox: s.bbox.map((n) => n.toFixed(5)).join(',') });

/** The sighting filters minus those the study area replaces. */
export const withoutExtent = ({ bbox: _b, areaId: _a, ...rest }: Params): Params => rest;

export const hotSpots = (study: StudyArea, filters: Params, signal?: AbortSignal) =>
  getJson<HotSpotCollection>('/api/hotspots', { ...withoutExtent(filters), ...studyParams(study) }, signal);

export const emerging = (study: StudyArea, filters: Params, signal?: AbortSignal) =>
  getJson<EmergingCollection>('/api/hotspots/emerging', { ...withoutExtent(filters), ...studyParams(study) }, signal);

export const places = (study: StudyArea, filters: Params, signal?: AbortSignal) =>
  getJson<PlacesCollection>('/api/hotspots/places', { ...withoutExtent(filters), ...studyParams(study), limit: '50' }, signal);
