import { z } from 'zod';
import { inYears, isoDate, OUTSIDE_YEARS } from '../http/dates.js';
import {
  DISRUPTION_ACTION_CODES,
  DISRUPTION_ACTION_STATUSES,
  DISRUPTION_TARGET_KINDS,
  DISRUPTION_TARGET_STATUSES,
  SOURCE_AGENCIES,
  type DisruptionActionStatus,
  type DisruptionActionType,
  type DisruptionTargetKind,
  type DisruptionTargetStatus,
  type SourceAgency,
} from '../lists.js';
import { areaGeometrySchema, type AreaGeometry } from '../geo/geojson.js';
import { parseInstant } from '../time/zone.js';
import type { DidResult, Evaluation, Region, WdqResult, Windows } from './evaluate.js';
import type { Verdict } from './verdict.js';

/** Limits of disruption planning, in one place. */
export const LIMITS = {
  /** buffer round a premises, metres */
  radius: [10, 2000],
  defaultRadius: 100,
  /** evaluation windows, whole weeks either side of the first action */
  weeks: [1, 104],
  defaultWeeks: 12,
} as const;

/** The displacement ring round a target, metres from its edge. */
export const RING = { innerM: 250, outerM: 500 } as const;

const ALWAYS = { when: () => true } as never;
const uuid = z.uuid({ message: 'must be a UUID' });
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/**
 * POST /api/disruption/targets. What the target is drawn round depends on its kind:
 * - `hotspot`: the hot spot cells (a MultiPolygon of cells, merged here) or a hot spot area (`areaId`);
 * - `polygon`: a drawn polygon (`geometry`) or any area (`areaId`);
 * - `premises`: a buffer of `radius` metres (default 100) round the premises;
 * - `vehicle`: the hull of the 250 m grid cells its linked sightings fall in, or a drawn `geometry`.
 * `controlAreaId` chooses the comparison area; without it, the rest of the target's ward.
 */
export const createTargetSchema = z
  .strictObject({
    name: text(200),
    kind: z.enum(DISRUPTION_TARGET_KINDS),
    geometry: areaGeometrySchema.optional(),
    areaId: uuid.optional(),
    premisesId: uuid.optional(),
    vehicleId: uuid.optional(),
    radius: z.number().int('must be whole metres').min(LIMITS.radius[0]).max(LIMITS.radius[1]).optional(),
    controlAreaId: uuid.optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const drawn = v.kind === 'hotspot' || v.kind === 'polygon';
    if (drawn && !v.geometry === !v.areaId) issue(v.geometry ? 'areaId' : 'geometry', `a ${v.kind} target needs geometry or areaId (one of them)`);
    if (!drawn && v.areaId) issue('areaId', `a ${v.kind} target is not drawn from an area`);
    if (v.kind === 'premises' && !v.premisesId) issue('premisesId', 'the premises the target is about is required');
    if (v.kind !== 'premises' && v.premisesId) issue('premisesId', `only a premises target names a premises (kind is ${v.kind})`);
    if (v.kind === 'premises' && v.geometry) issue('geometry', 'a premises target is a buffer round the premises: give radius, not geometry');
    if (v.kind !== 'premises' && v.radius !== undefined) issue('radius', 'radius applies to premises targets only');
    if (v.kind === 'vehicle' && !v.vehicleId) issue('vehicleId', 'the vehicle the target is about is required');
    if (v.kind !== 'vehicle' && v.vehicleId) issue('vehicleId', `only a vehicle target names a vehicle (kind is ${v.kind})`);
  }, ALWAYS);
export type CreateTarget = z.output<typeof createTargetSchema>;

const csv = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.string().transform((s, ctx) => {
    const parts = [...new Set(s.split(',').map((p) => p.trim()).filter(Boolean))];
    const bad = parts.filter((p) => !values.includes(p));
    if (parts.length === 0 || bad.length) {
      ctx.addIssue({ code: 'custom', message: `unknown ${what} ${bad.map((b) => `"${b}"`).join(', ') || '(empty)'}; expected any of ${values.join(', ')}` });
      return z.NEVER;
    }
    return parts as T[number][];
  });

/** GET /api/disruption/targets */
export const listTargetsQuerySchema = z.strictObject({
  kind: csv(DISRUPTION_TARGET_KINDS, 'kind').optional(),
  status: csv(DISRUPTION_TARGET_STATUSES, 'status').optional(),
  premisesId: uuid.optional(),
  vehicleId: uuid.optional(),
});
export type ListTargetsQuery = z.output<typeof listTargetsQuerySchema>;

/** POST /api/disruption/targets/:id/actions */
export const createActionSchema = z.strictObject({
  type: z.enum(DISRUPTION_ACTION_CODES),
  ownerAgency: z.enum(SOURCE_AGENCIES),
  dueDate: isoDate('must be a date (YYYY-MM-DD)'),
  status: z.enum(DISRUPTION_ACTION_STATUSES).optional(),
  notes: z.string().trim().max(4000).nullable().optional(),
});
export type CreateAction = z.output<typeof createActionSchema>;

/** PATCH /api/disruption/actions/:id: at least one field. */
export const patchActionSchema = z
  .strictObject({
    status: z.enum(DISRUPTION_ACTION_STATUSES).optional(),
    ownerAgency: z.enum(SOURCE_AGENCIES).optional(),
    dueDate: isoDate('must be a date (YYYY-MM-DD)').optional(),
    notes: z.string().trim().max(4000).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one of status, ownerAgency, dueDate, notes' });
export type PatchAction = z.output<typeof patchActionSchema>;

/** Clock skew a log time may have over the server's clock. */
const SKEW_MS = 5 * 60_000;

/** POST /api/disruption/actions/:id/log; `doneAt` defaults to now, and may not be in the future. */
export function logActionSchema(timeZone: string, now: () => Date = () => new Date()) {
  return z.strictObject({
    doneAt: z
      .string()
      .transform((s, ctx) => {
        const d = parseInstant(s, timeZone);
        if (!d || !inYears(d)) ctx.addIssue({ code: 'custom', message: d ? `${OUTSIDE_YEARS}, got "${s}"` : `must be an ISO 8601 timestamp such as 2026-05-01T14:00:00Z, got "${s}"` });
        else if (d.getTime() > now().getTime() + SKEW_MS) ctx.addIssue({ code: 'custom', message: 'must not be in the future' });
        return d ?? z.NEVER;
      })
      .optional(),
    outcome: text(4000),
    /** Moves the action on at the same time: in progress (the default for a planned action) or done. */
    status: z.enum(['in_progress', 'done']).optional(),
  });
}
export type LogAction = z.output<ReturnType<typeof logActionSchema>>;

const weeks = z
  .string()
  .regex(/^\d{1,3}$/, `must be a whole number of weeks from ${LIMITS.weeks[0]} to ${LIMITS.weeks[1]}`)
  .transform(Number)
  .pipe(z.number().min(LIMITS.weeks[0], `must be at least ${LIMITS.weeks[0]} week`).max(LIMITS.weeks[1], `must be at most ${LIMITS.weeks[1]} weeks`));

/** GET /api/disruption/targets/:id/evaluation */
export const evaluationQuerySchema = z.strictObject({ before: weeks.optional(), after: weeks.optional() });

export interface ActionLog {
  id: string;
  actionId: string;
  doneAt: Date;
  outcome: string;
  loggedBy: string | null;
  createdAt: Date;
}

export interface Action {
  id: string;
  targetId: string;
  type: DisruptionActionType;
  ownerAgency: SourceAgency;
  /** YYYY-MM-DD */
  dueDate: string;
  status: DisruptionActionStatus;
  /** Planned or in progress and past its due date (in the team's time zone). */
  overdue: boolean;
  notes: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  logs?: ActionLog[];
}

export interface Target {
  id: string;
  name: string;
  kind: DisruptionTargetKind;
  status: DisruptionTargetStatus;
  geometry: AreaGeometry;
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
  createdBy: string | null;
  createdAt: Date;
  /** About a children's home or refuge: read by the service to hide the target, never sent. */
  sensitiveSite?: boolean;
}

/**
 * How much of a target the caller sees:
 * - `full`: everything, notes and logs included (analysts, admins; licensing officers on premises and vehicle targets);
 * - `agency`: the target as an area, and notes and logs of their own agency's actions only (licensing officers elsewhere);
 * - `area`: the target as an area and the plan without notes or logs (planners).
 */
export type View = 'full' | 'agency' | 'area';

/** A target with its plan, as made (`POST /api/disruption/targets`). */
export interface PlannedTarget extends Target {
  actions: Action[];
}

/** A target with its plan as the caller may see it (`GET /api/disruption/targets[/:id]`, a Feature each). */
export interface TargetView extends PlannedTarget {
  view: View;
}

/** `GET /api/disruption/targets/:id/evaluation`: the evaluation in numbers and words, disclosure-controlled where `restricted`. */
export interface TargetEvaluation {
  target: Region & { id: string; name: string; kind: DisruptionTargetKind; status: DisruptionTargetStatus; geometry: AreaGeometry };
  control: (Region & { areaId: string; name: string; kind: string; label: string | null; chosen: boolean; geometry: AreaGeometry | null }) | null;
  ring: Evaluation['ring'] & { innerM: number; outerM: number; geometry: AreaGeometry };
  /** Null until an action has been logged. */
  windows: (Omit<Windows, 'after'> & { after: Windows['after']; weekly: Evaluation['weekly'] }) | null;
  did: DidResult & { method: string };
  wdq: WdqResult & { method: string };
  verdict: Verdict;
  restricted: boolean;
}
