/**
 * The people endpoints (issue 21): subjects, their missing episodes and the associations
 * graph, `/api/subjects`, `/api/episodes`, `/api/associations`. Analysts and admins only;
 * every read is audited with the session's purpose. Calls go through `../api`.
 */
import type { z } from 'zod';
import type * as graph from '../../../server/associations/graph';
import type * as associationSchema from '../../../server/associations/schema';
import type * as subjects from '../../../server/subjects/schema';
import type * as episodes from '../../../server/episodes/schema';
import type * as journeys from '../../../server/journeys/schema';
import type { Wire } from '../../../server/http/wire';
import { downloadFile, getJson, postJson, type ApiError, type FileDownload } from '../api';
import type { PremisesCollection, Vehicle } from '../map/api';

export type { PremisesCollection, Vehicle };

const enc = encodeURIComponent;

// ---- Subjects ---------------------------------------------------------------------

/** Request bodies as the server's schemas take them, before validation. */
export type NewSubject = z.input<typeof subjects.createSubjectSchema>;
export type NewEpisode = z.input<typeof episodes.createEpisodeSchema>;

/** A row of `GET /api/subjects?q=`. */
export type SubjectSummary = Wire<subjects.SubjectSummary>;
export type SubjectLink = Wire<subjects.SubjectLink>;
/** `GET /api/subjects/:id` */
export type SubjectDetail = Wire<subjects.SubjectDetail>;

/** A page of matches, best first, and how many match in all. */
export const searchSubjectPage = (q: string, signal?: AbortSignal) =>
  getJson<{ items: SubjectSummary[]; total: number }>('/api/subjects', { q: q || undefined }, signal);
export const searchSubjects = (q: string, signal?: AbortSignal) => searchSubjectPage(q, signal).then((r) => r.items);
export const getSubject = (id: string, signal?: AbortSignal) => getJson<SubjectDetail>(`/api/subjects/${enc(id)}`, {}, signal);
export const createSubject = (s: NewSubject) => postJson<{ id: string }>('/api/subjects', s);

// ---- Episodes ---------------------------------------------------------------------

/** A row of `GET /api/episodes?subject=`. */
export type Episode = Wire<episodes.Episode>;

export const listEpisodes = (subjectId: string, signal?: AbortSignal) =>
  getJson<{ items: Episode[] }>('/api/episodes', { subject: subjectId }, signal).then((r) => r.items);
export const createEpisode = (e: NewEpisode) => postJson<{ id: string }>('/api/episodes', e);

/** Look-ups for the episode form. */
export const findPremises = (q: string, signal?: AbortSignal) => getJson<PremisesCollection>('/api/premises', { q }, signal);

// ---- Associations -----------------------------------------------------------------

/** What the chart is centred on: a subject, vehicle, premises or area (by id). */
export type FocusKey = associationSchema.FocusKind;

export interface GraphQuery {
  subject?: string;
  vehicle?: string;
  premises?: string;
  area?: string;
  /** `YYYY-MM-DD` */
  from?: string;
  to?: string;
}

export type GraphNode = Wire<graph.GraphNode>;
export type GraphEdge = Wire<graph.GraphEdge>;
/** `GET /api/associations` */
export type Graph = Wire<graph.Graph>;
/** `GET /api/associations/edge?a=&b=`: the sightings, journeys and episodes two nodes share. */
export type EdgeDetail = Wire<associationSchema.EdgeDetail>;

const graphParams = (q: GraphQuery): Record<string, string | undefined> => ({ ...q });

export const associations = (q: GraphQuery, signal?: AbortSignal) => getJson<Graph>('/api/associations', graphParams(q), signal);

export const edgeDetail = (a: string, b: string, period: { from?: string; to?: string }, signal?: AbortSignal) =>
  getJson<EdgeDetail>('/api/associations/edge', { a, b, from: period.from, to: period.to }, signal);

export type ExportFormat = associationSchema.AssociationExportFormat;

export function exportGraph(format: ExportFormat, q: GraphQuery): Promise<FileDownload> {
  const params = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  return downloadFile('GET', `/api/associations/export?${params}`, format === 'i2' ? 'associations-i2.csv' : 'associations.graphml');
}

/**
 * The server's message for a field or anything under it (`missingFrom` covers
 * `missingFrom.lat`), so a form shows nested errors beside the control they are about.
 */
export function messageFor(error: ApiError | null, ...paths: string[]): string | undefined {
  return error?.errors?.find((e) => paths.some((p) => e.path === p || e.path.startsWith(`${p}.`)))?.message;
}

/** Hours as people say them: "45 min", "6 h", "2 days 3 h". */
export function formatDuration(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours)) return '—';
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours)} h`;
  const days = Math.floor(hours / 24);
  const rest = Math.round(hours - days * 24);
  return rest ? `${days} days ${rest} h` : `${days} days`;
}

// ---- Journeys ---------------------------------------------------------------------

/** `GET /api/journeys`: journeys with a leg in the period, their legs in order. */
export type Journey = Wire<journeys.Journey>;
export type JourneyLeg = Wire<journeys.JourneyLeg>;
export type OdGrouping = journeys.OdGrouping;
/** A row of `GET /api/journeys/od`: pick-ups in one ward leading to one category or ward. */
export type OdRow = Wire<journeys.OdRow>;

export interface Period {
  /** `YYYY-MM-DD` */
  from?: string;
  to?: string;
}

export const listJourneys = (p: Period, signal?: AbortSignal) =>
  getJson<{ items: Journey[]; truncated?: boolean }>('/api/journeys', { from: p.from || undefined, to: p.to || undefined }, signal);

export const journeyOd = (by: OdGrouping, p: Period, signal?: AbortSignal) =>
  getJson<{ by: OdGrouping; rows: OdRow[] }>('/api/journeys/od', { by, from: p.from || undefined, to: p.to || undefined }, signal);
