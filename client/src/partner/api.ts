/** The partner's requests: place search, reporting a concern, their own reports. */
import type { PlaceCollection } from '../../../server/places/schema';
import type { CreateSubmission, PartnerSubmission } from '../../../server/submissions/schema';
import { getJson, postJson } from '../api';

export type { CreateSubmission, PartnerSubmission };

export type PlaceFeature = PlaceCollection['features'][number];

export const searchPlaces = (q: string, signal?: AbortSignal) =>
  getJson<PlaceCollection>('/api/places', { q, limit: '8' }, signal);

/** The report as the form builds it: the server's request type, before validation. */
export type ReportBody = Omit<CreateSubmission, 'categories'> & { categories: string[] };

export const submitReport = (body: ReportBody) => postJson<{ id: string; reference: string; status: string }>('/api/submissions', body);
export const myReports = (signal?: AbortSignal) => getJson<{ items: PartnerSubmission[] }>('/api/submissions', {}, signal);
