/**
 * The hot spot endpoints, typed as the server answers them (server/hotspots/service.ts
 * and repeats.ts): Getis-Ord Gi* cells, emerging hot spot cells, repeat places.
 */
import { getJson } from '../../api';
import type { Count } from '../api';
import type { BBox } from '../geometry';
import type { EmergingPattern } from '../../../../server/lists';

/** The study area: one area (a ward) by id, or a box. */
export type StudyArea = { kind: 'area'; id: string; name: string } | { kind: 'bbox'; bbox: BBox; name: string };

export type BandwidthMethod = 'given' | 'moran-peak' | 'knn-mean';
export type CellSizeMethod = 'given' | 'auto' | 'raised';
export type CellShape = 'square' | 'hex';

/** A cell of the lattice: a WGS84 polygon, id "col:row" on the British National Grid. */
export interface CellFeature<P> {
  type: 'Feature';
  id: string;
  geometry: { type: 'Polygon'; coordinates: number[][][] };
  properties: P;
}

export interface HotSpotProps {
  count: Count;
  /** Withheld (null) for restricted roles. */
  giZ: number | null;
  giP: number | null;
  /** −3…3 as ArcGIS's Gi_Bin, FDR-corrected: ±3 99 %, ±2 95 %, ±1 90 %. */
  bin: number;
  neighbours: number;
  /** A significant cell's nearest street (and premises, for roles that may read them), or null */
  where?: string | null;
}

export interface HotSpotParams {
  cellSize: number;
  cellSizeMethod: CellSizeMethod;
  /** metres */
  bandwidth: number;
  bandwidthMethod: BandwidthMethod;
  shape: CellShape;
  /** cells analysed */
  n: number;
  sightings: Count;
  fdr: true;
  scale?: { distances: number[]; moranZ: (number | null)[]; k?: number };
}

export interface HotSpotCollection {
  type: 'FeatureCollection';
  restricted: boolean;
  params: HotSpotParams;
  notes: string[];
  features: CellFeature<HotSpotProps>[];
}

export { EMERGING_PATTERNS, type EmergingPattern } from '../../../../server/lists';

export interface EmergingProps {
  pattern: EmergingPattern;
  count: Count;
  trendZ: number;
  trendP: number;
  hotSteps: number;
  coldSteps: number;
  bins: number[] | null;
}

export interface EmergingCollection {
  type: 'FeatureCollection';
  restricted: boolean;
  params: Omit<HotSpotParams, 'sightings' | 'n'> & {
    step: 'week' | 'month';
    steps: number;
    from: string;
    to: string;
    timeLag: number;
    neighbourhood: string;
    n: number;
    sightings: Count;
    significance: number;
    trendSignificance: number;
  };
  summary: Record<EmergingPattern, number>;
  notes: string[];
  features: CellFeature<EmergingProps>[];
}

export interface PlaceProps {
  kind: 'premises' | 'location' | 'cell';
  id: string | null;
  name: string | null;
  category: string | null;
  rank: number;
  count: Count;
  share: number;
  cumulativeShare: number;
}

export interface PlacesCollection {
  type: 'FeatureCollection';
  restricted: boolean;
  params: { radius: number | null; locationCell: number; names: boolean };
  summary: {
    total: Count;
    places: number;
    placesFor50: number | null;
    placesFor80: number | null;
    shareOfTop20Percent: number | null;
    rest: { places: number; count: Count; share: number } | null;
  };
  features: { type: 'Feature'; geometry: { type: 'Point'; coordinates: [number, number] }; properties: PlaceProps }[];
}

type Params = Record<string, string | undefined>;

const studyParams = (s: StudyArea): Params => (s.kind === 'area' ? { areaId: s.id } : { bbox: s.bbox.map((n) => n.toFixed(5)).join(',') });

/** The sighting filters minus those the study area replaces. */
const withoutExtent = ({ bbox: _b, areaId: _a, ...rest }: Params): Params => rest;

export const hotSpots = (study: StudyArea, filters: Params, signal?: AbortSignal) =>
  getJson<HotSpotCollection>('/api/hotspots', { ...withoutExtent(filters), ...studyParams(study) }, signal);

export const emerging = (study: StudyArea, filters: Params, signal?: AbortSignal) =>
  getJson<EmergingCollection>('/api/hotspots/emerging', { ...withoutExtent(filters), ...studyParams(study) }, signal);

export const places = (study: StudyArea, filters: Params, signal?: AbortSignal) =>
  getJson<PlacesCollection>('/api/hotspots/places', { ...withoutExtent(filters), ...studyParams(study), limit: '50' }, signal);
