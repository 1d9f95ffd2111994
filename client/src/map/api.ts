/**
 * The map's endpoints, typed as the server declares its answers (the domains'
 * `schema.ts`): aggregates (`/api/map/*`), areas, premises and the records behind a
 * click. Every request goes through `../api` (session cookie, CSRF token, problem
 * documents as ApiError).
 */
import { getJson, postJson } from '../api';
import type { Published } from '../../../server/disclosure/secondary';
import type { PointFeatureOf, ShapeFeatureOf } from '../../../server/geo/feature';
import type { Wire } from '../../../server/http/wire';
import type { AreaKind } from '../../../server/lists';
import type { Area } from '../../../server/areas/schema';
import type * as episodes from '../../../server/episodes/schema';
import type * as journeySchema from '../../../server/journeys/schema';
import type * as map from '../../../server/map/schema';
import type { Premises } from '../../../server/premises/schema';
import type { Sighting } from '../../../server/sightings/schema';
import type { Vehicle } from '../../../server/vehicles/schema';
import type { AreaGeometry, BBox } from './geometry';

export type { AreaGeometry, BBox, Vehicle };
export type { ClusterProps, CellProps, PeriodStats, AreaStats } from '../../../server/map/schema';

/** A count as a restricted reader sees it (the server's disclosure gate): a number, "<5" or "[c]". */
export type Count = Published;

export type ClusterCollection = map.ClusterResult;
export type ClusterFrames = map.ClusterFramesResult;
export type HeatFrames = map.HeatFramesResult;
export type ClusterFeature = ClusterCollection['features'][number];
export type SightingPointProps = map.PointProps;
export type HeatCollection = map.HeatResult;
export type Timeline = map.TimelineResult;
export type Choropleth = map.ChoroplethResult;
export type Basemap = map.BasemapInfo;

export type AreaFeature = ShapeFeatureOf<Area>;
export interface AreaCollection {
  type: 'FeatureCollection';
  features: AreaFeature[];
}

export type PremisesFeature = PointFeatureOf<Premises>;
export type PremisesProps = PremisesFeature['properties'];
export interface PremisesCollection {
  type: 'FeatureCollection';
  numberReturned: number;
  features: PremisesFeature[];
}

/** A sighting as `GET /api/sightings/:id` gives it (restricted fields blanked for roles that may not read them). */
export type SightingRecord = Wire<PointFeatureOf<Sighting>>;
export type SightingRecordProps = SightingRecord['properties'];

type Params = Record<string, string | undefined>;

export const bboxParam = (b: BBox): string => b.map((n) => n.toFixed(5)).join(',');

// ---- Aggregates ------------------------------------------------------------------------

export const basemap = (signal?: AbortSignal) => getJson<Basemap>('/api/map/basemap', {}, signal);

export const clusters = (view: { bbox: BBox; zoom: number }, filters: Params, signal?: AbortSignal) =>
  getJson<ClusterCollection>('/api/map/clusters', { ...filters, bbox: bboxParam(view.bbox), zoom: view.zoom.toFixed(2) }, signal);

/** A playback's frames of the view at once (`frames`: `from/to` day ranges, comma-separated, at most FRAMES_PER_REQUEST). */
export const clusterFrames = (view: { bbox: BBox; zoom: number }, filters: Params, frames: string, signal?: AbortSignal) =>
  getJson<ClusterFrames>('/api/map/clusters/frames', { ...filters, bbox: bboxParam(view.bbox), zoom: view.zoom.toFixed(2), frames }, signal);

/** The heat layer's frames of a playback at once, as `clusterFrames`. */
export const heatFrames = (view: { bbox: BBox; zoom: number }, filters: Params, frames: string, signal?: AbortSignal) =>
  getJson<HeatFrames>('/api/map/heat/frames', { ...filters, bbox: bboxParam(view.bbox), zoom: view.zoom.toFixed(2), frames }, signal);

export const heat = (view: { bbox: BBox; zoom: number }, filters: Params, signal?: AbortSignal) =>
  getJson<HeatCollection>('/api/map/heat', { ...filters, bbox: bboxParam(view.bbox), zoom: view.zoom.toFixed(2) }, signal);

export const timeline = (filters: Params, signal?: AbortSignal) =>
  getJson<Timeline>('/api/map/timeline', { ...filters, interval: 'auto' }, signal);

export const choropleth = (filters: Params, signal?: AbortSignal) =>
  getJson<Choropleth>('/api/map/choropleth', { ...filters, kind: 'ward' }, signal);

/** Statistics for a drawn polygon under the filters (`POST /api/map/stats`). */
export const polygonStats = (geometry: AreaGeometry, filters: Params, signal?: AbortSignal) =>
  postJson<map.PeriodStats>('/api/map/stats', { ...filters, geometry }, signal);

export const areaStats = (id: string, filters: Params, signal?: AbortSignal) =>
  getJson<map.AreaStats>(`/api/areas/${encodeURIComponent(id)}/stats`, filters, signal);

// ---- Places and records ------------------------------------------------------------------

export const areas = (kind: AreaKind, signal?: AbortSignal) => getJson<AreaCollection>('/api/areas', { kind }, signal);

export const premisesInView = (bbox: BBox, signal?: AbortSignal) =>
  getJson<PremisesCollection>('/api/premises', { bbox: bboxParam(bbox) }, signal);

export const premises = (id: string, signal?: AbortSignal) =>
  getJson<PremisesFeature>(`/api/premises/${encodeURIComponent(id)}`, {}, signal);

/** One sighting with every field the role may read; needs a stated purpose. */
export const sighting = (id: string, signal?: AbortSignal) => getJson<SightingRecord>(`/api/sightings/${encodeURIComponent(id)}`, {}, signal);

export const vehicle = (id: string, signal?: AbortSignal) => getJson<Vehicle>(`/api/vehicles/${encodeURIComponent(id)}`, {}, signal);

// ---- People (issue 21): analysts and admins only (mayReadSubjects) -------------------------

/** A missing episode as a line from where the child went missing to where they were found (`GET /api/episodes/flows`). */
export type EpisodeFlowProps = Wire<episodes.FlowProperties>;
export interface EpisodeFlowCollection {
  type: 'FeatureCollection';
  features: Wire<episodes.LineFeature<episodes.FlowProperties>>[];
}

/** Where a missing child was found (`GET /api/episodes/found`). */
export type EpisodeFoundProps = Wire<episodes.FoundProperties>;
export interface EpisodeFoundCollection {
  type: 'FeatureCollection';
  features: Wire<episodes.PointFeature<episodes.FoundProperties>>[];
}

/** One leg of a journey: its sighting's time and place, and the premises or vehicle it names. */
export type JourneyLeg = Wire<journeySchema.JourneyLeg>;
/** A journey as `GET /api/journeys` lists it: its legs numbered 1..n in order. */
export type Journey = Wire<journeySchema.Journey>;

/** Time filter and view of the people layers: the map's dates (YYYY-MM-DD) and a bbox. */
export interface PeopleQuery {
  from: string | null;
  to: string | null;
  bbox: BBox;
}
const peopleParams = (q: PeopleQuery): Params => ({ from: q.from ?? undefined, to: q.to ?? undefined, bbox: bboxParam(q.bbox) });

export const episodeFlows = (q: PeopleQuery, signal?: AbortSignal) => getJson<EpisodeFlowCollection>('/api/episodes/flows', peopleParams(q), signal);
export const episodesFound = (q: PeopleQuery, signal?: AbortSignal) => getJson<EpisodeFoundCollection>('/api/episodes/found', peopleParams(q), signal);
export const journeys = (q: PeopleQuery, signal?: AbortSignal) => getJson<{ items: Journey[] }>('/api/journeys', peopleParams(q), signal);

/** One missing episode (`GET /api/episodes/:id`). */
export type EpisodeRecord = Wire<episodes.Episode>;
export const episode = (id: string, signal?: AbortSignal) => getJson<EpisodeRecord>(`/api/episodes/${encodeURIComponent(id)}`, {}, signal);
