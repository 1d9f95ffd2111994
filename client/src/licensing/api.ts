/** The licensing look-up's requests: search, profiles, intel and bulk checks, typed as the server declares them. */
import type { z } from 'zod';
import type { CheckResult } from '../../../server/checks/schema';
import type { Wire } from '../../../server/http/wire';
import type { Graph } from '../people/api';
import type { createIntelSchema, Intel } from '../../../server/intel/schema';
import type { PremisesProfile as ServerPremisesProfile } from '../../../server/premises/schema';
import type { SightingSummary } from '../../../server/sightings/schema';
import type { Vehicle, VehicleProfile as ServerVehicleProfile } from '../../../server/vehicles/schema';
import { ApiError, downloadFile, getJson, postJson, postText, type FileDownload } from '../api';
import type { PremisesCollection } from '../map/api';

export type { CheckResult, Vehicle };

/** A sighting the caller may read, as a profile lists it. */
export type VisibleSighting = Wire<SightingSummary>;
export type IntelItem = Wire<Intel>;
export type PremisesProfile = Wire<ServerPremisesProfile>;
export type VehicleProfile = Wire<ServerVehicleProfile>;

export const searchPremises = (q: string, signal?: AbortSignal) => getJson<PremisesCollection & { features: { properties: { score?: number } }[] }>('/api/premises', { q, limit: '10' }, signal);
export const searchVehicles = (plate: string, signal?: AbortSignal) => getJson<{ items: Vehicle[] }>('/api/vehicles', { plate, limit: '10' }, signal);
export const premisesProfile = (id: string, signal?: AbortSignal) => getJson<PremisesProfile>(`/api/premises/${encodeURIComponent(id)}/profile`, {}, signal);
export const vehicleProfile = (id: string, signal?: AbortSignal) => getJson<VehicleProfile>(`/api/vehicles/${encodeURIComponent(id)}/profile`, {}, signal);

/** The intel form's body, before the server validates it. */
export type NewIntel = z.input<ReturnType<typeof createIntelSchema>>;
export const createIntel = (body: NewIntel) => postJson<IntelItem>('/api/intel', body);

/** Sends a CSV (a licence_ref or plate column) to the bulk check; answered with a table. */
export const runCheck = (csv: string) => postText<CheckResult>('/api/checks', csv, 'text/csv');

/** The same check as a CSV file (audited as a disclosure), with the server's file name. */
export const downloadCheck = (csv: string): Promise<FileDownload> =>
  downloadFile('POST', '/api/checks?format=csv', 'lantern-check.csv', { text: csv, contentType: 'text/csv' });

export { ApiError };

/** Whose profile: a premises or a vehicle. */
export type ProfileKind = 'premises' | 'vehicle';
const profileBase = (kind: ProfileKind) => (kind === 'premises' ? '/api/premises' : '/api/vehicles');

/** The profile as a PDF printed by the server (an export, audited with the purpose), with the server's file name. */
export const downloadProfilePdf = (kind: ProfileKind, id: string): Promise<FileDownload> =>
  downloadFile('GET', `${profileBase(kind)}/${encodeURIComponent(id)}/profile?format=pdf`, `lantern-${kind}-profile.pdf`);

/** The profile kept for the server's print browser (one use, by print ticket). */
export const fetchPrintProfile = <K extends ProfileKind>(kind: K) =>
  getJson<K extends 'premises' ? PremisesProfile : VehicleProfile>(`${profileBase(kind)}/print`);

/** Where the PDF's print page reads the street style: on its print ticket (it has no session). */
export const printStyleUrl = (kind: ProfileKind) => `${profileBase(kind)}/print/basemap/style.json`;

/**
 * `GET /api/associations?premises=|vehicle=&from=&to=`: who and what is seen together
 * (issue 21's contract), answered to each role as far as it may see.
 */
export type AssociationGraph = Graph;
export const associations = (params: Record<string, string | undefined>, signal?: AbortSignal) => getJson<AssociationGraph>('/api/associations', params, signal);
