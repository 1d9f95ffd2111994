import type { Published } from '../../../server/disclosure/secondary';
/**
 * The map's endpoints, typed: aggregates (`/api/map/*`), areas, premises and the
 * records behind a click. Every request goes through `../api` (session cookie,
 * CSRF token, problem documents as ApiError).
 */
import { getJson, postJson } from '../api';
import type {
  AreaKind,
  GroomingModel,
  HandlingCode,
  IntelAssessment,
  LicenceStatus,
  MakesafeIndicator,
  PremisesCategory,
  SightingCategory,
  SourceAgency,
  SourceEvaluation,
} from '../../../server/lists';
import type { AreaGeometry, BBox } from './geometry';
import type { Step } from './playback';

export type { AreaGeometry, BBox };

/** A count as a restricted reader sees it (the server's disclosure gate): a number, "<5" or "[c]". */
export type Count = Published;

export interface PointFeature<P> {
  type: 'Feature';
  id?: string | number;
  /** WGS84, [lon, lat]. */
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: P;
}

/** Several sightings near each other (supercluster conventions). */
export interface ClusterProps {
  cluster: true;
  cell?: undefined;
  cluster_id: number | null;
  point_count: number;
  point_count_abbreviated: string;
  /** The zoom at which the cluster splits. */
  expansion_zoom: number;
  categories: Partial<Record<SightingCategory, number>>;
}

/** A disclosure-controlled grid cell (restricted roles): at the cell's centre, small counts "<5". */
export interface CellProps {
  cluster: true;
  cell: true;
  /** Metres. */
  cellSize: number;
  point_count: Count;
  point_count_abbreviated: string;
  expansion_zoom: number;
  categories: Partial<Record<SightingCategory, Count>>;
}

/** One sighting, for roles that read records. */
export interface SightingPointProps {
  cluster: false;
  id: string;
  category: SightingCategory;
  /** ISO 8601. */
  observedAt: string;
}

export type ClusterFeature = PointFeature<ClusterProps | CellProps | SightingPointProps>;

export interface ClusterCollection {
  type: 'FeatureCollection';
  zoom: number;
  restricted: boolean;
  cellSize: number | null;
  /** Sightings matching the filters inside the view. */
  total: Count;
  features: ClusterFeature[];
}

export interface HeatCollection {
  type: 'FeatureCollection';
  zoom: number;
  restricted: boolean;
  /** Metres: the disclosure grid's cell size for restricted roles, else null. */
  cellSize: number | null;
  maxWeight: number;
  features: PointFeature<{ weight: number; count: Count }>[];
}

export interface Timeline {
  interval: Step;
  timeZone: string;
  restricted: boolean;
  total: Count;
  buckets: { start: string; count: Count }[];
  /** 7 × 24: rows Monday…Sunday, columns hour 0…23, in `timeZone`. */
  matrix: Count[][];
}

export interface Choropleth {
  kind: AreaKind;
  restricted: boolean;
  areas: { id: string; name: string; count: Count }[];
}

export interface PeriodStats {
  period: { from: string; to: string };
  count: Count;
  previous: { from: string; to: string; count: Count };
  lastYear: { from: string; to: string; count: Count };
  /** Percentage change against the previous period; null when it cannot be told. */
  changePct: number | null;
  byCategory: Partial<Record<SightingCategory, Count>>;
  matrix: Count[][];
  restricted: boolean;
}

export interface AreaStats extends PeriodStats {
  area: { id: string; name: string; kind: AreaKind };
}

export interface Basemap {
  /** A MapLibre style URL, or null. */
  style: string | null;
  /** Path of a PMTiles file on this server, or null. */
  pmtiles: string | null;
}

export interface AreaFeature {
  type: 'Feature';
  id: string;
  geometry: AreaGeometry;
  properties: { id: string; name: string; kind: AreaKind; synthetic: boolean };
}

export interface AreaCollection {
  type: 'FeatureCollection';
  features: AreaFeature[];
}

export interface PremisesProps {
  id: string;
  name: string;
  category: PremisesCategory;
  address: string | null;
  postcode: string | null;
  licenceRef: string | null;
  licenceStatus: LicenceStatus;
  synthetic?: boolean;
}

export interface PremisesCollection {
  type: 'FeatureCollection';
  features: PointFeature<PremisesProps>[];
}

/** Every field of a sighting as `GET /api/sightings/:id` gives it (restricted fields may be absent). */
export interface SightingRecordProps {
  id: string;
  observedAt: string;
  reportedAt: string | null;
  precisionM: number | null;
  category: SightingCategory;
  groomingModel: GroomingModel | null;
  sourceAgency: SourceAgency;
  sourceEval: SourceEvaluation;
  intelAssessment: IntelAssessment;
  handlingCode: HandlingCode;
  premisesId: string | null;
  vehicleId: string | null;
  areaId: string | null;
  narrative?: string | null;
  subjectRefs?: string[];
  indicators?: MakesafeIndicator[];
  externalRef: string | null;
  reviewDue: string | null;
  createdAt: string;
  synthetic?: boolean;
}

export type SightingRecord = PointFeature<SightingRecordProps>;

export interface Vehicle {
  id: string;
  plate: string;
  licenceNo: string | null;
  operatorId: string | null;
  operatorName: string | null;
  make: string | null;
  colour: string | null;
  synthetic?: boolean;
}

type Params = Record<string, string | undefined>;

const bboxParam = (b: BBox): string => b.map((n) => n.toFixed(5)).join(',');

// ---- Aggregates ------------------------------------------------------------------------

export const basemap = (signal?: AbortSignal) => getJson<Basemap>('/api/map/basemap', {}, signal);

export const clusters = (view: { bbox: BBox; zoom: number }, filters: Params, signal?: AbortSignal) =>
  getJson<ClusterCollection>('/api/map/clusters', { ...filters, bbox: bboxParam(view.bbox), zoom: view.zoom.toFixed(2) }, signal);

export const heat = (view: { bbox: BBox; zoom: number }, filters: Params, signal?: AbortSignal) =>
  getJson<HeatCollection>('/api/map/heat', { ...filters, bbox: bboxParam(view.bbox), zoom: view.zoom.toFixed(2) }, signal);

export const timeline = (filters: Params, signal?: AbortSignal) =>
  getJson<Timeline>('/api/map/timeline', { ...filters, interval: 'auto' }, signal);

export const choropleth = (filters: Params, signal?: AbortSignal) =>
  getJson<Choropleth>('/api/map/choropleth', { ...filters, kind: 'ward' }, signal);

/** Statistics for a drawn polygon under the filters (`POST /api/map/stats`). */
export const polygonStats = (geometry: AreaGeometry, filters: Params, signal?: AbortSignal) =>
  postJson<PeriodStats>('/api/map/stats', { ...filters, geometry }, signal);

export const areaStats = (id: string, filters: Params, signal?: AbortSignal) =>
  getJson<AreaStats>(`/api/areas/${encodeURIComponent(id)}/stats`, filters, signal);

// ---- Places and records ------------------------------------------------------------------

export const areas = (kind: AreaKind, signal?: AbortSignal) => getJson<AreaCollection>('/api/areas', { kind }, signal);

export const premisesInView = (bbox: BBox, signal?: AbortSignal) =>
  getJson<PremisesCollection>('/api/premises', { bbox: bboxParam(bbox) }, signal);

export const premises = (id: string, signal?: AbortSignal) =>
  getJson<PointFeature<PremisesProps>>(`/api/premises/${encodeURIComponent(id)}`, {}, signal);

/** One sighting with every field the role may read; needs a stated purpose. */
export const sighting = (id: string, signal?: AbortSignal) => getJson<SightingRecord>(`/api/sightings/${encodeURIComponent(id)}`, {}, signal);

export const vehicle = (id: string, signal?: AbortSignal) => getJson<Vehicle>(`/api/vehicles/${encodeURIComponent(id)}`, {}, signal);
