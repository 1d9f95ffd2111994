/**
 * The disruption endpoints (`/api/disruption/*`), typed as server/disruption/schema.ts
 * declares their answers. Every call goes through `../api` (session cookie, CSRF, problem documents).
 */
import type { z } from 'zod';
import type { Count } from '../../../server/disclosure/suppress';
import type * as server from '../../../server/disruption/schema';
import type { ShapeFeatureOf } from '../../../server/geo/feature';
import type { AreaGeometry } from '../../../server/geo/geojson';
import type { Wire } from '../../../server/http/wire';
import { getJson, postJson } from '../api';
import type { PremisesCollection, Vehicle } from '../map/api';

export type { AreaGeometry, Count };
export type { View } from '../../../server/disruption/schema';

export type ActionLog = Wire<server.ActionLog>;
export type Action = Wire<server.Action>;
export type TargetFeature = Wire<ShapeFeatureOf<server.TargetView>>;
export type TargetProps = TargetFeature['properties'];
export type Evaluation = Wire<server.TargetEvaluation>;
export type WeekRow = NonNullable<Evaluation['windows']>['weekly'][number];

/** Request bodies as the server's schemas take them, before validation. */
export type NewTarget = z.input<typeof server.createTargetSchema>;
export type NewAction = z.input<typeof server.createActionSchema>;
export type NewLog = z.input<ReturnType<typeof server.logActionSchema>>;

const base = '/api/disruption';
const enc = encodeURIComponent;

export const listTargets = (signal?: AbortSignal) =>
  getJson<{ type: 'FeatureCollection'; numberReturned: number; features: TargetFeature[] }>(`${base}/targets`, {}, signal);
export const getTarget = (id: string, signal?: AbortSignal) => getJson<TargetFeature>(`${base}/targets/${enc(id)}`, {}, signal);
export const evaluation = (id: string, weeks: { before: number; after: number }, signal?: AbortSignal) =>
  getJson<Evaluation>(`${base}/targets/${enc(id)}/evaluation`, { before: String(weeks.before), after: String(weeks.after) }, signal);
export const createTarget = (t: NewTarget) => postJson<Wire<ShapeFeatureOf<server.PlannedTarget>>>(`${base}/targets`, t);
export const addAction = (targetId: string, a: NewAction) => postJson<Action>(`${base}/targets/${enc(targetId)}/actions`, a);
export const logAction = (actionId: string, l: NewLog) => postJson<ActionLog & { action: Action }>(`${base}/actions/${enc(actionId)}/log`, l);

/** Lookups for the new-target form. */
export const findPremises = (q: string, signal?: AbortSignal) =>
  getJson<PremisesCollection>('/api/premises', { q }, signal);
export const findVehicles = (plate: string, signal?: AbortSignal) =>
  getJson<{ items: Vehicle[] }>('/api/vehicles', { plate }, signal).then((r) => r.items);
