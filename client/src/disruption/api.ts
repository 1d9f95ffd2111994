/**
 * The disruption endpoints (`/api/disruption/*`), typed as server/disruption/routes.ts
 * answers them. Every call goes through `../api` (session cookie, CSRF, problem documents).
 */
import { getJson, postJson } from '../api';
import type { DisruptionActionStatus, DisruptionActionType, DisruptionTargetKind, DisruptionTargetStatus, SourceAgency } from '../../../server/lists';
import type { AreaGeometry } from '../map/api';
import type { Count } from '../../../server/disclosure/suppress';

export type { AreaGeometry, Count };

export interface ActionLog {
  id: string;
  actionId: string;
  /** ISO 8601 */
  doneAt: string;
  outcome: string;
  loggedBy: string | null;
}

export interface Action {
  id: string;
  targetId: string;
  type: DisruptionActionType;
  ownerAgency: SourceAgency;
  /** YYYY-MM-DD */
  dueDate: string;
  status: DisruptionActionStatus;
  overdue: boolean;
  notes: string | null;
  /** Absent where the caller may not read them (planners; other agencies' actions). */
  logs?: ActionLog[];
}

/** How much of a target the caller sees (see server/disruption/service.ts). */
export type View = 'full' | 'agency' | 'area';

export interface TargetProps {
  id: string;
  name: string;
  kind: DisruptionTargetKind;
  status: DisruptionTargetStatus;
  radiusM: number | null;
  premisesId: string | null;
  premisesName: string | null;
  vehicleId: string | null;
  plate: string | null;
  areaId: string | null;
  areaName: string | null;
  controlAreaId: string | null;
  controlAreaName: string | null;
  synthetic: boolean;
  createdAt: string;
  view: View;
  actions: Action[];
}

export interface TargetFeature {
  type: 'Feature';
  id: string;
  geometry: AreaGeometry;
  properties: TargetProps;
}

export interface TargetCollection {
  type: 'FeatureCollection';
  numberReturned: number;
  features: TargetFeature[];
}

export interface Region {
  before: Count | null;
  after: Count | null;
  /** Change in sightings per week, percent. */
  changePct: number | null;
}

export interface Estimate {
  estimate: number | null;
  low: number | null;
  high: number | null;
  p: number | null;
  direction: 'fall' | 'rise' | 'no_clear_change' | 'not_enough_data' | 'suppressed';
  suppressed: boolean;
}

export interface WeekRow {
  week: number;
  /** ISO 8601: the start of the week. */
  from: string;
  target: Count;
  control: Count | null;
  ring: Count;
}

export interface Evaluation {
  target: Region & { id: string; name: string; kind: DisruptionTargetKind; geometry: AreaGeometry };
  control: (Region & { areaId: string; name: string; label: string; chosen: boolean; geometry: AreaGeometry | null }) | null;
  ring: Region & { innerM: number; outerM: number; geometry: AreaGeometry; did: Estimate };
  windows: {
    start: string;
    before: { from: string; to: string; weeks: number };
    after: { from: string; to: string; weeks: number; weeksSoFar: number; complete: boolean };
    weekly: WeekRow[];
  } | null;
  did: Estimate & { method: string };
  wdq: { value: number | null; band?: string; netEffect: number | null; suppressed: boolean; method: string };
  verdict: { effect: string; displacement: string; text: string };
  restricted: boolean;
}

export interface NewTarget {
  name: string;
  kind: DisruptionTargetKind;
  geometry?: AreaGeometry;
  areaId?: string;
  premisesId?: string;
  vehicleId?: string;
  radius?: number;
  controlAreaId?: string;
}

export interface NewAction {
  type: DisruptionActionType;
  ownerAgency: SourceAgency;
  dueDate: string;
  notes?: string | null;
}

export interface NewLog {
  outcome: string;
  /** ISO 8601; now when left out. */
  doneAt?: string;
  status?: 'in_progress' | 'done';
}

const base = '/api/disruption';
const enc = encodeURIComponent;

export const listTargets = (signal?: AbortSignal) => getJson<TargetCollection>(`${base}/targets`, {}, signal);
export const getTarget = (id: string, signal?: AbortSignal) => getJson<TargetFeature>(`${base}/targets/${enc(id)}`, {}, signal);
export const evaluation = (id: string, weeks: { before: number; after: number }, signal?: AbortSignal) =>
  getJson<Evaluation>(`${base}/targets/${enc(id)}/evaluation`, { before: String(weeks.before), after: String(weeks.after) }, signal);
export const createTarget = (t: NewTarget) => postJson<TargetFeature>(`${base}/targets`, t);
export const addAction = (targetId: string, a: NewAction) => postJson<Action>(`${base}/targets/${enc(targetId)}/actions`, a);
export const logAction = (actionId: string, l: NewLog) => postJson<ActionLog & { action: Action }>(`${base}/actions/${enc(actionId)}/log`, l);

/** Lookups for the new-target form. */
export const findPremises = (q: string, signal?: AbortSignal) =>
  getJson<{ features: { id: string; properties: { id: string; name: string; address: string | null; postcode: string | null } }[] }>('/api/premises', { q }, signal);
export const findVehicles = (plate: string, signal?: AbortSignal) =>
  getJson<{ items: { id: string; plate: string; make: string | null; colour: string | null }[] }>('/api/vehicles', { plate }, signal).then((r) => r.items);
