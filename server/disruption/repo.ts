import type { Knex } from 'knex';
import type { AreaGeometry } from '../geo/geojson.js';
import { applyFilters } from '../sightings/repo.js';
import type { SightingFilters } from '../sightings/filters.js';
import type { Action, ActionLog, Target } from './schema.js';
import { RING } from './schema.js';
import { sensitivePremises, SENSITIVE_BINDING } from '../premises/repo.js';
import { aggregateSource, type AggregateScope } from '../map/repo.js';

/** Geometry kept to 9 decimals (0.1 mm) where it goes back into a query, 6 (10 cm) where it is shown. */
const EXACT = 9;
const SHOWN = 6;

const targetColumns = `t.id, t.name, t.kind, t.status, ST_AsGeoJSON(t.geom, ${SHOWN})::json as geometry, t.radius_m as "radiusM",
  t.premises_id as "premisesId", p.name as "premisesName", t.vehicle_id as "vehicleId", v.plate,
  t.area_id as "areaId", a.name as "areaName", t.control_area_id as "controlAreaId", ca.name as "controlAreaName",
  t.synthetic, t.created_by as "createdBy", t.created_at as "createdAt"`;

function targets(knex: Knex): Knex.QueryBuilder {
  return knex({ t: 'disruption_targets' })
    .leftJoin({ p: 'premises' }, 'p.id', 't.premises_id')
    .leftJoin({ v: 'vehicles' }, 'v.id', 't.vehicle_id')
    .leftJoin({ a: 'areas' }, 'a.id', 't.area_id')
    .leftJoin({ ca: 'areas' }, 'ca.id', 't.control_area_id')
    .select(knex.raw(targetColumns))
    // Whether the target is about a sensitive site (the service hides such targets from roles that may not see one).
    .select(knex.raw(`coalesce(${sensitivePremises('p')}, false) as "sensitiveSite"`, [SENSITIVE_BINDING]));
}

export interface TargetFilter {
  kinds?: string[];
  statuses?: string[];
  premisesId?: string;
  vehicleId?: string;
  /** Only targets about premises or vehicles, or holding an action this agency owns (licensing officers). */
  visibleToAgency?: string;
}

/** Newest first. */
export async function listTargets(knex: Knex, f: TargetFilter): Promise<Target[]> {
  const q = targets(knex).orderBy([{ column: 't.created_at', order: 'desc' }, 't.id']);
  if (f.kinds) q.whereIn('t.kind', f.kinds);
  if (f.statuses) q.whereIn('t.status', f.statuses);
  if (f.premisesId) q.where('t.premises_id', f.premisesId);
  if (f.vehicleId) q.where('t.vehicle_id', f.vehicleId);
  if (f.visibleToAgency) {
    const agency = f.visibleToAgency;
    q.where((w) =>
      w.whereIn('t.kind', ['premises', 'vehicle']).orWhereExists((e) => e.select(knex.raw('1')).from({ x: 'disruption_actions' }).whereRaw('x.target_id = t.id').where('x.owner_agency', agency)),
    );
  }
  return (await q) as Target[];
}

export async function findTarget(knex: Knex, id: string): Promise<Target | undefined> {
  return (await targets(knex).where('t.id', id).first()) as Target | undefined;
}

const actionColumns = (knex: Knex, timeZone: string) =>
  knex.raw(
    `x.id, x.target_id as "targetId", x.type, x.owner_agency as "ownerAgency", to_char(x.due_date, 'YYYY-MM-DD') as "dueDate",
     x.status, (x.due_date < (now() at time zone ?)::date and x.status in ('planned', 'in_progress')) as overdue,
     x.notes, x.created_by as "createdBy", x.created_at as "createdAt", x.updated_at as "updatedAt"`,
    [timeZone],
  );

/** The actions of some targets, by due date. */
export async function actionsOf(knex: Knex, targetIds: string[], timeZone: string): Promise<Action[]> {
  if (targetIds.length === 0) return [];
  return (await knex({ x: 'disruption_actions' })
    .select(actionColumns(knex, timeZone))
    .whereIn('x.target_id', targetIds)
    .orderBy([{ column: 'x.due_date' }, { column: 'x.created_at' }, { column: 'x.id' }])) as Action[];
}

export async function findAction(knex: Knex, id: string, timeZone: string): Promise<Action | undefined> {
  return (await knex({ x: 'disruption_actions' }).select(actionColumns(knex, timeZone)).where('x.id', id).first()) as Action | undefined;
}

/** The logs of some actions, oldest first. */
export async function logsOf(knex: Knex, actionIds: string[]): Promise<ActionLog[]> {
  if (actionIds.length === 0) return [];
  return (await knex({ l: 'disruption_action_logs' })
    .select(knex.raw(`l.id, l.action_id as "actionId", l.done_at as "doneAt", l.outcome, l.logged_by as "loggedBy", l.created_at as "createdAt"`))
    .whereIn('l.action_id', actionIds)
    .orderBy([{ column: 'l.done_at' }, { column: 'l.id' }])) as ActionLog[];
}

/** When the first action on a target was done: its earliest log, cancelled actions aside. */
export async function firstActionAt(knex: Knex, targetId: string): Promise<Date | null> {
  const r = await knex.raw(
    `select min(l.done_at) as first from disruption_action_logs l join disruption_actions x on x.id = l.action_id
     where x.target_id = ? and x.status <> 'cancelled'`,
    [targetId],
  );
  return r.rows[0]?.first ?? null;
}

/** A target's shape, as SQL, from what it is drawn round. Each yields one geometry (4326) or null. */
export type Shape = Knex.Raw;

/** A drawn Polygon or MultiPolygon, as given. */
export const drawnShape = (knex: Knex, g: AreaGeometry): Shape => knex.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(g)]);

/** Hot spot cells: edge-sharing squares are not a valid MultiPolygon, so their union is the shape. */
export const cellsShape = (knex: Knex, g: AreaGeometry): Shape =>
  knex.raw('(select ST_Union(d.geom) from ST_Dump(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)) d)', [JSON.stringify(g)]);

export const areaShape = (knex: Knex, areaId: string): Shape => knex.raw('(select geom from areas where id = ?)', [areaId]);

/** A buffer of `radius` metres round a premises, drawn on the British National Grid. */
export const premisesShape = (knex: Knex, premisesId: string, radius: number): Shape =>
  knex.raw('(select ST_Transform(ST_Buffer(ST_Transform(geom, 27700), ?), 4326) from premises where id = ?)', [radius, premisesId]);

/** Cell size (metres, BNG) of a vehicle target's hull: the disclosure-control cell. */
export const VEHICLE_CELL_M = 250;

/**
 * The convex hull of the 250 m British National Grid cells the vehicle's linked
 * sightings fall in. A hull of the points themselves would have sighting positions
 * for corners, and targets are shown to roles that may not see those.
 */
export function vehicleShape(knex: Knex, vehicleId: string, timeZone: string): Shape {
  const cells = applyFilters(
    knex({ s: 'sightings' }).distinct(
      knex.raw(`floor(ST_X(ST_Transform(s.geom, 27700)) / ${VEHICLE_CELL_M})::int as ix, floor(ST_Y(ST_Transform(s.geom, 27700)) / ${VEHICLE_CELL_M})::int as iy`),
    ),
    { vehicleId },
    timeZone,
    'all',
    { includeDisposed: true },
  );
  const m = VEHICLE_CELL_M;
  return knex.raw(`(select ST_Transform(ST_ConvexHull(ST_Collect(ST_MakeEnvelope(ix * ${m}, iy * ${m}, (ix + 1) * ${m}, (iy + 1) * ${m}, 27700))), 4326) from (?) c)`, [cells]);
}

export interface ShapeCheck {
  /** Null when there is nothing to draw round (no such premises, no linked sightings). */
  geometry: AreaGeometry | null;
  /** Why PostGIS finds it invalid, or null. */
  invalid: string | null;
  polygonal: boolean;
}

/** Resolves a shape to a MultiPolygon GeoJSON (exact to 0.1 mm) and says whether it can be a target. */
export async function resolveShape(knex: Knex, shape: Shape): Promise<ShapeCheck> {
  const r = await knex.raw(
    `select case when g is null or ST_IsEmpty(g) then null else ST_AsGeoJSON(ST_Multi(g), ${EXACT})::json end as geometry,
       case when g is null or ST_IsValid(g) then null else ST_IsValidReason(g) end as invalid,
       coalesce(ST_GeometryType(g) in ('ST_Polygon', 'ST_MultiPolygon'), false) as polygonal
     from (select (?) as g) t`,
    [shape],
  );
  return r.rows[0];
}

export interface TargetRow {
  name: string;
  kind: string;
  geometry: AreaGeometry;
  radius_m?: number | null;
  premises_id?: string | null;
  vehicle_id?: string | null;
  area_id?: string | null;
  control_area_id?: string | null;
  synthetic?: boolean;
  created_by: string | null;
}

export async function insertTarget(trx: Knex.Transaction, row: TargetRow): Promise<string> {
  const { geometry, ...rest } = row;
  const [r] = await trx('disruption_targets')
    .insert({ ...rest, geom: trx.raw('ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326))', [JSON.stringify(geometry)]) })
    .returning('id');
  return (r as { id: string }).id;
}

/** Whether each id names a row of the table (premises, vehicles, areas). */
export async function exists(knex: Knex, table: 'premises' | 'vehicles' | 'areas', id: string): Promise<boolean> {
  return Boolean(await knex(table).where({ id }).first('id'));
}

export interface ActionRow {
  target_id: string;
  type: string;
  owner_agency: string;
  due_date: string;
  status?: string;
  notes?: string | null;
  synthetic?: boolean;
  created_by: string | null;
}

export async function insertAction(trx: Knex.Transaction, row: ActionRow): Promise<string> {
  const [r] = await trx('disruption_actions').insert(row).returning('id');
  return (r as { id: string }).id;
}

/** Locks the action for a change (so two status changes cannot cross); undefined when there is none. */
export async function lockAction(trx: Knex.Transaction, id: string): Promise<{ id: string; targetId: string; status: string; ownerAgency: string } | undefined> {
  const r = await trx.raw(`select id, target_id as "targetId", status, owner_agency as "ownerAgency" from disruption_actions where id = ? for update`, [id]);
  return r.rows[0];
}

export async function updateAction(trx: Knex.Transaction, id: string, row: { status?: string; owner_agency?: string; due_date?: string; notes?: string | null }): Promise<void> {
  const values = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));
  await trx('disruption_actions').update({ ...values, updated_at: trx.fn.now() }).where({ id });
}

export async function insertLog(trx: Knex.Transaction, row: { action_id: string; done_at: Date; outcome: string; synthetic?: boolean; logged_by: string | null }): Promise<string> {
  const [r] = await trx('disruption_action_logs').insert(row).returning('id');
  return (r as { id: string }).id;
}

/**
 * A target is completed when none of its actions is planned or in progress and at
 * least one was done; open otherwise. Recomputed whenever its actions change.
 */
export async function refreshTargetStatus(trx: Knex.Transaction, targetId: string): Promise<void> {
  await trx.raw(
    `update disruption_targets t set status = s.status, updated_at = now()
     from (select case when count(*) filter (where status in ('planned', 'in_progress')) = 0 and count(*) filter (where status = 'done') > 0
                       then 'completed' else 'open' end as status
           from disruption_actions where target_id = ?) s
     where t.id = ? and t.status <> s.status`,
    [targetId, targetId],
  );
}

/** An area of an evaluation: exact GeoJSON for counting, rounded for display. */
export interface RegionShape {
  exact: AreaGeometry;
  shown: AreaGeometry;
}

export interface Regions {
  target: RegionShape;
  ring: RegionShape;
  /** Null when there is no comparison area (no chosen area and no ward under the target). */
  control: { areaId: string; name: string; kind: string; chosen: boolean; shape: RegionShape | null } | null;
}

/**
 * The three areas of an evaluation. The ring is the band from 250 to 500 m of the
 * target's edge; the control is the chosen area (else the ward holding the target's
 * centroid) less everything within 500 m of the target, so that no sighting counts
 * twice and the 0–250 m band, too close to be a fair comparison, is in neither.
 * Buffers are drawn on the British National Grid, in metres.
 */
export async function regions(knex: Knex, targetId: string, controlAreaId: string | null): Promise<Regions | undefined> {
  const r = await knex.raw(
    `with t as (select geom, ST_Transform(geom, 27700) as bng from disruption_targets where id = ?),
     b as (select ST_Transform(ST_Buffer(bng, ?), 4326) as inner_g, ST_Transform(ST_Buffer(bng, ?), 4326) as outer_g from t),
     c as (
       select a.id, a.name, a.kind, a.geom, true as chosen from areas a where a.id = ?::uuid
       union all
       select * from (
         select a.id, a.name, a.kind, a.geom, false as chosen from areas a, t
         where ?::uuid is null and a.kind = 'ward' and (ST_Intersects(a.geom, ST_Centroid(t.geom)) or ST_Intersects(a.geom, ST_PointOnSurface(t.geom)))
         order by ST_Intersects(a.geom, ST_Centroid(t.geom)) desc, a.id limit 1) w),
     g as (
       select t.geom as target, ST_Difference(b.outer_g, b.inner_g) as ring, c.id, c.name, c.kind, c.chosen,
         case when c.id is null then null else ST_Difference(c.geom, b.outer_g) end as control
       from t cross join b left join c on true)
     select ST_AsGeoJSON(target, ${EXACT})::json as target, ST_AsGeoJSON(target, ${SHOWN})::json as "targetShown",
       ST_AsGeoJSON(ring, ${EXACT})::json as ring, ST_AsGeoJSON(ring, ${SHOWN})::json as "ringShown",
       id as "controlId", name as "controlName", kind as "controlKind", chosen,
       case when control is null or ST_IsEmpty(control) then null else ST_AsGeoJSON(control, ${EXACT})::json end as control,
       case when control is null or ST_IsEmpty(control) then null else ST_AsGeoJSON(control, ${SHOWN})::json end as "controlShown"
     from g`,
    [targetId, RING.innerM, RING.outerM, controlAreaId, controlAreaId],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    target: { exact: row.target, shown: row.targetShown },
    ring: { exact: row.ring, shown: row.ringShown },
    control: row.controlId
      ? { areaId: row.controlId, name: row.controlName, kind: row.controlKind, chosen: row.chosen, shape: row.control ? { exact: row.control, shown: row.controlShown } : null }
      : null,
  };
}

/**
 * Sightings in an area per week counted from `start` (week −1 is the seven days
 * before it), between `from` and `to`. Disposed records count: this is an aggregate.
 */
export async function weeklyCounts(knex: Knex, within: AreaGeometry, start: Date, from: Date, to: Date, timeZone: string, scope: AggregateScope = 'all'): Promise<{ week: number; n: number }[]> {
  const f: SightingFilters = { from, to, within };
  // `public` (restricted viewers): sightings at sensitive sites count at their area, as on the map.
  const src = aggregateSource(knex, scope);
  const pts = applyFilters(
    src.from.select(knex.raw('floor(extract(epoch from (s.observed_at - ?::timestamptz)) / 604800)::int as week', [start])),
    f,
    timeZone,
    src.scope,
    { includeDisposed: true },
  );
  const r = await knex.raw('with pts as (?) select week, count(*)::int as n from pts group by week order by week', [pts]);
  return r.rows;
}

/** Why a part of a multi-part geometry is invalid (each part alone), or null when all are valid. */
export async function invalidPart(knex: Knex, g: AreaGeometry): Promise<string | null> {
  const r = await knex.raw(
    `select string_agg(ST_IsValidReason(d.geom), '; ') filter (where not ST_IsValid(d.geom)) as reason
     from ST_Dump(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)) d`,
    [JSON.stringify(g)],
  );
  return r.rows[0].reason;
}
