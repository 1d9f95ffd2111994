import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { DisruptionActionStatus, Role } from '../lists.js';
import { AppError, conflict, forbidden, notFound, unprocessable, type FieldError } from '../http/errors.js';
import { aggregatesRestricted, disruptionAgencyOf, disruptionReach, maySeeSensitiveSites, plansDisruption } from '../auth/policy.js';
import { record, recordIn } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import { checkArea } from '../geo/area.js';
import { evaluate, windowsOf, type WeekCounts } from './evaluate.js';
import * as repo from './repo.js';
import { aggregateScopeOf } from '../map/repo.js';
import {
  LIMITS,
  RING,
  type Action,
  type ActionLog,
  type CreateAction,
  type CreateTarget,
  type ListTargetsQuery,
  type LogAction,
  type PatchAction,
  type PlannedTarget,
  type Target,
  type TargetEvaluation,
  type TargetView,
  type View,
} from './schema.js';

const aboutPremisesOrVehicle = (t: Pick<Target, 'kind'>) => t.kind === 'premises' || t.kind === 'vehicle';

/**
 * A target about a sensitive site (a children's home, a refuge) is not there for a role that
 * may not see one: its buffer would draw the site and its name name it (issue 21).
 */
const hiddenSite = (role: Role | null, t: Pick<Target, 'sensitiveSite'>) => !!t.sensitiveSite && !maySeeSensitiveSites(role);

function viewOf(role: Role | null, t: Target, actions: Pick<Action, 'ownerAgency'>[]): View | null {
  if (hiddenSite(role, t)) return null;
  const reach = disruptionReach(role);
  if (reach === 'all') return 'full';
  if (reach === 'areas') return 'area';
  if (aboutPremisesOrVehicle(t)) return 'full';
  const agency = disruptionAgencyOf(role);
  return agency && actions.some((a) => a.ownerAgency === agency) ? 'agency' : null;
}

/** Whether the caller may log on (and move the status of) an action. */
function mayWork(role: Role | null, t: Target, a: Pick<Action, 'ownerAgency'>): boolean {
  if (hiddenSite(role, t)) return false;
  const reach = disruptionReach(role);
  if (reach === 'all') return true;
  if (reach !== 'agency') return false;
  return aboutPremisesOrVehicle(t) || a.ownerAgency === disruptionAgencyOf(role);
}

/** Aggregates are disclosure-controlled unless the caller sees the target in full as a record reader. */
const restrictedFor = (role: Role | null, view: View) => aggregatesRestricted(role) && view !== 'full';

/** The target as a view shows it: planners get no vehicle or author, and the others no more than they may. */
function shapeTarget(target: Target, view: View): Target {
  const { sensitiveSite: _sensitive, ...t } = target;
  if (view !== 'area') return t;
  return { ...t, vehicleId: null, plate: null, createdBy: null };
}

function shapeAction(a: Action, view: View, role: Role | null, logs?: ActionLog[]): Action {
  const withDetail = view === 'full' || (view === 'agency' && a.ownerAgency === disruptionAgencyOf(role));
  if (withDetail) return logs ? { ...a, logs: logs.filter((l) => l.actionId === a.id) } : a;
  return { ...a, notes: null, createdBy: null };
}

/** A refusal, audited as a denial like the route guards' own. */
async function refuse(db: Db, c: Caller, err: AppError, what: { targetType: string; id: string }): Promise<never> {
  await record(db, c, { action: 'denied', targetType: what.targetType, targetIds: [what.id], outcome: `${err.status} ${err.slug}` });
  throw err;
}

// ---------------------------------------------------------------- targets

async function shapeFor(db: Db, config: Config, v: CreateTarget): Promise<{ shape: repo.Shape; path: string; missing: string }> {
  const k = db.knex;
  if (v.areaId) return { shape: repo.areaShape(k, v.areaId), path: 'areaId', missing: 'no area with this id' };
  if (v.kind === 'premises') return { shape: repo.premisesShape(k, v.premisesId!, v.radius ?? LIMITS.defaultRadius), path: 'premisesId', missing: 'no premises with this id' };
  if (v.geometry) {
    if (v.kind === 'hotspot') {
      const reason = await repo.invalidPart(k, v.geometry);
      if (reason) throw unprocessable(`The hot spot cells are not valid: ${reason}.`, [{ path: 'geometry', message: reason }]);
      return { shape: repo.cellsShape(k, v.geometry), path: 'geometry', missing: 'the cells are empty' };
    }
    await checkArea(db, v.geometry);
    return { shape: repo.drawnShape(k, v.geometry), path: 'geometry', missing: 'the polygon is empty' };
  }
  return {
    shape: repo.vehicleShape(k, v.vehicleId!, config.timeZone),
    path: 'vehicleId',
    missing: 'no sightings are linked to this vehicle: draw the target as a polygon (geometry) instead',
  };
}

/** Every id the request names must exist; each missing one is named. */
async function checkReferences(db: Db, v: CreateTarget): Promise<void> {
  const refs: [string, 'premises' | 'vehicles' | 'areas', string | undefined][] = [
    ['premisesId', 'premises', v.premisesId],
    ['vehicleId', 'vehicles', v.vehicleId],
    ['areaId', 'areas', v.areaId],
    ['controlAreaId', 'areas', v.controlAreaId],
  ];
  const errors: FieldError[] = [];
  for (const [path, table, id] of refs) {
    if (id && !(await repo.exists(db.knex, table, id))) errors.push({ path, message: `no ${table === 'areas' ? 'area' : table === 'vehicles' ? 'vehicle' : 'premises'} with this id` });
  }
  if (errors.length) throw unprocessable(`The request names ${errors.map((e) => e.path).join(', ')} that do not exist.`, errors);
}

/** Creates a target from a hot spot, polygon, premises or vehicle; audited with the change. */
export async function createTarget(db: Db, config: Config, c: Caller, v: CreateTarget): Promise<PlannedTarget> {
  await checkReferences(db, v);
  const { shape, path, missing } = await shapeFor(db, config, v);
  const s = await repo.resolveShape(db.knex, shape);
  if (!s.geometry) throw unprocessable(`Nothing to draw the target round: ${missing}.`, [{ path, message: missing }]);
  if (s.invalid || !s.polygonal) {
    const message = s.invalid ?? 'must be an area (polygon)';
    throw unprocessable(`The target's shape is not valid: ${message}.`, [{ path, message }]);
  }
  const id = await db.knex.transaction(async (trx) => {
    const id = await repo.insertTarget(trx, {
      name: v.name,
      kind: v.kind,
      geometry: s.geometry!,
      radius_m: v.kind === 'premises' ? (v.radius ?? LIMITS.defaultRadius) : null,
      premises_id: v.premisesId ?? null,
      vehicle_id: v.vehicleId ?? null,
      area_id: v.areaId ?? null,
      control_area_id: v.controlAreaId ?? null,
      created_by: c.userId,
    });
    await recordIn(trx, c, { action: 'create', targetType: 'disruption_target', targetIds: [id], query: { kind: v.kind, premisesId: v.premisesId, vehicleId: v.vehicleId, areaId: v.areaId }, outcome: 'ok' });
    return id;
  });
  const { sensitiveSite: _sensitive, ...created } = (await repo.findTarget(db.knex, id))!;
  return { ...created, actions: [] as Action[] };
}

/** Targets the caller may see, each with its plan (without notes); audited with the filters. */
export async function listTargets(db: Db, config: Config, c: Caller, q: ListTargetsQuery): Promise<TargetView[]> {
  const f: repo.TargetFilter = { ...(q.kind ? { kinds: q.kind } : {}), ...(q.status ? { statuses: q.status } : {}), ...(q.premisesId ? { premisesId: q.premisesId } : {}), ...(q.vehicleId ? { vehicleId: q.vehicleId } : {}) };
  const agency = disruptionAgencyOf(c.role);
  if (agency) f.visibleToAgency = agency;
  const rows = await repo.listTargets(db.knex, f);
  const actions = await repo.actionsOf(db.knex, rows.map((t) => t.id), config.timeZone);
  await record(db, c, { action: 'search', targetType: 'disruption_target', query: { ...q, returned: rows.length }, outcome: 'ok' });
  return rows.flatMap((t) => {
    const own = actions.filter((a) => a.targetId === t.id);
    const view = viewOf(c.role, t, own);
    if (!view) return [];
    return [{ ...shapeTarget(t, view), view, actions: own.map((a) => ({ ...shapeAction(a, view, c.role), notes: null })) }];
  });
}

/** One target with its plan and, where the caller may read them, notes and the action log. */
export async function getTarget(db: Db, config: Config, c: Caller, id: string): Promise<TargetView> {
  const t = await repo.findTarget(db.knex, id);
  const actions = t ? await repo.actionsOf(db.knex, [id], config.timeZone) : [];
  const view = t ? viewOf(c.role, t, actions) : null;
  await record(db, c, { action: 'consult', targetType: 'disruption_target', targetIds: [id], outcome: view ? 'ok' : 'not found' });
  if (!t || !view) throw notFound(`No disruption target ${id} that you may see.`);
  const logs = await repo.logsOf(db.knex, actions.map((a) => a.id));
  return { ...shapeTarget(t, view), view, actions: actions.map((a) => shapeAction(a, view, c.role, logs)) };
}

// ---------------------------------------------------------------- actions

/**
 * Which status may follow which. Done can be reopened (the work turned out unfinished)
 * and cancelled re-planned; a cancelled action cannot be marked done without being replanned.
 */
export const NEXT_STATUS: Record<DisruptionActionStatus, readonly DisruptionActionStatus[]> = {
  planned: ['in_progress', 'done', 'cancelled'],
  in_progress: ['planned', 'done', 'cancelled'],
  done: ['in_progress'],
  cancelled: ['planned'],
};

function checkTransition(from: DisruptionActionStatus, to: DisruptionActionStatus): void {
  if (from === to || NEXT_STATUS[from].includes(to)) return;
  const message = `cannot go from ${from} to ${to}; from ${from} it may go to ${NEXT_STATUS[from].join(' or ')}`;
  throw conflict(`The action is ${from}: it ${message.slice(0, message.indexOf(';'))}.`, [{ path: 'status', message }]);
}

/** Adds an action to a target's plan (analysts and admins). */
export async function addAction(db: Db, config: Config, c: Caller, targetId: string, v: CreateAction): Promise<Action> {
  const id = await db.knex.transaction(async (trx) => {
    const t = await repo.findTarget(trx, targetId);
    if (!t) return undefined;
    const id = await repo.insertAction(trx, {
      target_id: targetId,
      type: v.type,
      owner_agency: v.ownerAgency,
      due_date: v.dueDate,
      status: v.status ?? 'planned',
      notes: v.notes ?? null,
      created_by: c.userId,
    });
    await repo.refreshTargetStatus(trx, targetId);
    await recordIn(trx, c, { action: 'create', targetType: 'disruption_action', targetIds: [id, targetId], query: { type: v.type, ownerAgency: v.ownerAgency, dueDate: v.dueDate }, outcome: 'ok' });
    return id;
  });
  if (!id) throw notFound(`No disruption target ${targetId}.`);
  return { ...(await repo.findAction(db.knex, id, config.timeZone))!, logs: [] };
}

/** The action and its target, if the caller may work on it; refusals are audited. */
async function workable(db: Db, config: Config, c: Caller, id: string): Promise<{ action: Action; target: Target }> {
  const action = await repo.findAction(db.knex, id, config.timeZone);
  const target = action ? await repo.findTarget(db.knex, action.targetId) : undefined;
  if (!action || !target) throw notFound(`No disruption action ${id}.`);
  if (!mayWork(c.role, target, action)) {
    const visible = viewOf(c.role, target, await repo.actionsOf(db.knex, [target.id], config.timeZone));
    // Someone who cannot see the target is not told that the action exists.
    if (!visible) throw notFound(`No disruption action ${id}.`);
    await refuse(db, c, forbidden(`The ${c.role} role may only work on actions about premises and vehicles, or owned by its own agency.`), { targetType: 'disruption_action', id });
  }
  return { action, target };
}

/** Changes an action: its status (anyone who may work on it), and owner, due date and notes (analysts and admins). */
export async function patchAction(db: Db, config: Config, c: Caller, id: string, v: PatchAction): Promise<Action> {
  const { target } = await workable(db, config, c, id);
  const planning = Object.keys(v).filter((k) => k !== 'status' && k !== 'notes');
  if (!plansDisruption(c.role) && planning.length) {
    await refuse(db, c, forbidden(`The ${c.role} role may change an action's status and notes, not ${planning.join(', ')}.`), { targetType: 'disruption_action', id });
  }
  await db.knex.transaction(async (trx) => {
    const locked = await repo.lockAction(trx, id);
    if (!locked) throw notFound(`No disruption action ${id}.`);
    if (v.status) checkTransition(locked.status as DisruptionActionStatus, v.status);
    await repo.updateAction(trx, id, { status: v.status, owner_agency: v.ownerAgency, due_date: v.dueDate, notes: v.notes });
    await repo.refreshTargetStatus(trx, target.id);
    await recordIn(trx, c, { action: 'update', targetType: 'disruption_action', targetIds: [id, target.id], query: { fields: Object.keys(v), from: locked.status, to: v.status }, outcome: 'ok' });
  });
  const logs = await repo.logsOf(db.knex, [id]);
  return { ...(await repo.findAction(db.knex, id, config.timeZone))!, logs };
}

/**
 * Records what was done on an action and when. A planned action moves to in
 * progress (or to the status given); a cancelled one takes no log.
 */
export async function logAction(db: Db, config: Config, c: Caller, id: string, v: LogAction): Promise<{ log: ActionLog; action: Action }> {
  const { target } = await workable(db, config, c, id);
  const logId = await db.knex.transaction(async (trx) => {
    const locked = await repo.lockAction(trx, id);
    if (!locked) throw notFound(`No disruption action ${id}.`);
    const from = locked.status as DisruptionActionStatus;
    if (from === 'cancelled') throw conflict('The action is cancelled: replan it before logging work on it.', [{ path: 'status', message: 'the action is cancelled' }]);
    const to = v.status ?? (from === 'planned' ? 'in_progress' : from);
    checkTransition(from, to);
    const logId = await repo.insertLog(trx, { action_id: id, done_at: v.doneAt ?? new Date(), outcome: v.outcome, logged_by: c.userId });
    if (to !== from) await repo.updateAction(trx, id, { status: to });
    await repo.refreshTargetStatus(trx, target.id);
    await recordIn(trx, c, { action: 'create', targetType: 'disruption_action_log', targetIds: [logId, id, target.id], query: { from, to }, outcome: 'ok' });
    return logId;
  });
  const logs = await repo.logsOf(db.knex, [id]);
  const action = (await repo.findAction(db.knex, id, config.timeZone))!;
  return { log: logs.find((l) => l.id === logId)!, action: { ...action, logs } };
}

// ---------------------------------------------------------------- evaluation

const DID_METHOD =
  'Difference in differences as a ratio of rate ratios, (Ta/Tb)/(Ca/Cb), with a 95 % Wald interval on the log scale (SE = √(1/Ta + 1/Tb + 1/Ca + 1/Cb)); reported as the relative change in percent.';
const WDQ_METHOD = 'Weighted Displacement Quotient (Bowers and Johnson 2003): (Ra/Ca − Rb/Cb) ÷ (Ta/Ca − Tb/Cb), read only when the target improved against the control.';

/**
 * Sightings in the target, its ring and its comparison area in the weeks before and
 * after the first logged action, their difference in differences and the WDQ, in
 * numbers and in words; disclosure-controlled for restricted viewers. Audited.
 */
export async function evaluation(db: Db, config: Config, c: Caller, id: string, q: { before?: number; after?: number }): Promise<TargetEvaluation> {
  const t = await repo.findTarget(db.knex, id);
  const view = t ? viewOf(c.role, t, await repo.actionsOf(db.knex, [id], config.timeZone)) : null;
  if (!t || !view) {
    await record(db, c, { action: 'search', targetType: 'disruption_evaluation', targetIds: [id], outcome: 'not found' });
    throw notFound(`No disruption target ${id} that you may see.`);
  }
  const restricted = restrictedFor(c.role, view);
  const before = q.before ?? LIMITS.defaultWeeks;
  const after = q.after ?? LIMITS.defaultWeeks;
  const start = await repo.firstActionAt(db.knex, id);
  const regions = (await repo.regions(db.knex, id, t.controlAreaId))!;
  const windows = start ? windowsOf(new Date(start), before, after, new Date()) : null;

  const count = async (g: repo.RegionShape | null | undefined): Promise<WeekCounts> =>
    windows && g ? repo.weeklyCounts(db.knex, g.exact, windows.start, windows.before.from, windows.after.to, config.timeZone, aggregateScopeOf(restricted)) : [];
  const targetWeeks = await count(regions.target);
  const ringWeeks = await count(regions.ring);
  const control = regions.control;
  const controlWeeks = control ? await count(control.shape) : null;
  const controlLabel = control ? (control.chosen ? control.name : `the rest of ${control.name}`) : null;

  const e = evaluate({ windows, target: targetWeeks, control: controlWeeks, ring: ringWeeks, controlLabel, restricted });
  await record(db, c, {
    action: 'search',
    targetType: 'disruption_evaluation',
    targetIds: [id],
    query: { before, after, start: windows?.start.toISOString() ?? null, restricted, verdict: e.verdict.effect },
    outcome: 'ok',
  });
  const shown = shapeTarget(t, view);
  return {
    target: { id: shown.id, name: shown.name, kind: shown.kind, status: shown.status, geometry: regions.target.shown, ...e.target },
    control: control
      ? { areaId: control.areaId, name: control.name, kind: control.kind, label: controlLabel, chosen: control.chosen, geometry: control.shape?.shown ?? null, ...e.control! }
      : null,
    ring: { innerM: RING.innerM, outerM: RING.outerM, geometry: regions.ring.shown, ...e.ring },
    windows: windows
      ? {
          start: windows.start,
          before: windows.before,
          after: { ...windows.after, weeksSoFar: Math.round(windows.after.weeksSoFar * 10) / 10 },
          weekly: e.weekly,
        }
      : null,
    did: { ...e.did, method: DID_METHOD },
    wdq: { ...e.wdq, method: WDQ_METHOD },
    verdict: e.verdict,
    restricted,
  };
}
