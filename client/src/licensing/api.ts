import type { Published } from '../../../server/disclosure/secondary';
/** The licensing look-up's requests: search, profiles, intel and bulk checks. */
import type { HandlingCode, IntelAssessment, LicenceStatus, MakesafeIndicator, PremisesCategory, SightingCategory, SourceAgency, SourceEvaluation } from '../../../server/lists';
import { ApiError, csrfHeaders, getJson, postJson, problemOfResponse } from '../api';
import type { PremisesCollection, Vehicle } from '../map/api';

export type { Vehicle };

/** A sighting the caller may read, as a profile lists it. */
export interface VisibleSighting {
  id: string;
  lon: number;
  lat: number;
  observedAt: string;
  category: SightingCategory;
  sourceAgency: SourceAgency;
  sourceEval: SourceEvaluation;
  intelAssessment: IntelAssessment;
  handlingCode: HandlingCode;
  premisesId: string | null;
  vehicleId: string | null;
}

export interface IntelItem {
  id: string;
  reportedAt: string;
  sourceAgency: SourceAgency;
  sourceEval: SourceEvaluation;
  intelAssessment: IntelAssessment;
  handlingCode: HandlingCode;
  summary: string;
  /** Null for roles that may not read narratives. */
  narrative: string | null;
  indicators: MakesafeIndicator[];
  reviewDue: string;
}

/** Counts pass the server's disclosure gate: licensing officers see "<5", "[c]" and bands of 5. */
interface ProfileSightings {
  total: Published;
  byMonth: { month: string; count: Published }[];
  /** 7 × 24, Monday first. */
  matrix: Published[][];
  byCategory: Partial<Record<SightingCategory, Published>>;
  indicators: Partial<Record<MakesafeIndicator, Published>>;
}

export interface PremisesInfo {
  id: string;
  name: string;
  category: PremisesCategory;
  address: string | null;
  postcode: string | null;
  lon: number;
  lat: number;
  licenceRef: string | null;
  licenceStatus: LicenceStatus;
}

export interface PremisesProfile {
  premises: PremisesInfo;
  period: { from: string; to: string };
  radius: number;
  licence: { ref: string | null; status: LicenceStatus };
  sightings: ProfileSightings & { linked: Published; visible: VisibleSighting[] };
  ward: { id: string; name: string; total: Published | null; areaKm2: number; rateRatio: number | null } | null;
  intel: { total: number; items: IntelItem[] };
}

export interface VehicleProfile {
  vehicle: Vehicle & { plateFormat?: string };
  operator: PremisesInfo | null;
  sightings: ProfileSightings & { timeline: VisibleSighting[] };
  /** Legs of sightings within `maxGapHours` of each other, in time order; sightings further apart are not joined. */
  track: { type: 'Feature'; geometry: { type: 'MultiLineString'; coordinates: [number, number][][] }; properties: { points: number; maxGapHours: number } };
  intel: { total: number; items: IntelItem[] };
}

export const searchPremises = (q: string, signal?: AbortSignal) => getJson<PremisesCollection & { features: { properties: { score?: number } }[] }>('/api/premises', { q, limit: '10' }, signal);
export const searchVehicles = (plate: string, signal?: AbortSignal) => getJson<{ items: Vehicle[] }>('/api/vehicles', { plate, limit: '10' }, signal);
export const premisesProfile = (id: string, signal?: AbortSignal) => getJson<PremisesProfile>(`/api/premises/${encodeURIComponent(id)}/profile`, {}, signal);
export const vehicleProfile = (id: string, signal?: AbortSignal) => getJson<VehicleProfile>(`/api/vehicles/${encodeURIComponent(id)}/profile`, {}, signal);

export interface NewIntel {
  subjectType: 'premises' | 'vehicle';
  subjectId: string;
  sourceAgency: SourceAgency;
  sourceEval: SourceEvaluation;
  intelAssessment: IntelAssessment;
  handlingCode: HandlingCode;
  summary: string;
  narrative?: string;
  indicators: MakesafeIndicator[];
}
export const createIntel = (body: NewIntel) => postJson<IntelItem>('/api/intel', body);

export interface CheckRow {
  row: number;
  kind: 'licence_ref' | 'plate';
  input: string;
  normalised: string | null;
  found: boolean;
  id: string | null;
  name: string | null;
  postcode: string | null;
  plate: string | null;
  licenceRef: string | null;
  licenceStatus: LicenceStatus | null;
  licenceNo: string | null;
  operator: string | null;
  sightings: number;
  recentSightings: number;
  makesafeIndicators: number;
  intel: number;
  flags: string[];
}
export interface CheckResult {
  period: { from: string; to: string };
  radius: number;
  recentDays: number;
  rows: CheckRow[];
}

/** Sends a CSV (a licence_ref or plate column) to the bulk check, as a table or as a CSV file. */
async function sendCheck(csv: string, format: 'json' | 'csv'): Promise<Response> {
  const res = await fetch(`/api/checks${format === 'csv' ? '?format=csv' : ''}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'text/csv', ...csrfHeaders() },
    body: csv,
  });
  if (!res.ok) throw await problemOfResponse(res);
  return res;
}

export const runCheck = async (csv: string): Promise<CheckResult> => (await sendCheck(csv, 'json')).json() as Promise<CheckResult>;

/** The same check as a CSV file (audited as a disclosure), with the server's file name. */
export async function downloadCheck(csv: string): Promise<{ blob: Blob; fileName: string }> {
  const res = await sendCheck(csv, 'csv');
  const m = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '');
  return { blob: await res.blob(), fileName: m?.[1] ?? 'lantern-check.csv' };
}

export { ApiError };
