import type { Knex } from 'knex';
import type { Scope } from '../auth/policy.js';
import type { Occurrence } from './graph.js';
import type { Period } from './schema.js';

/** A piece of SQL with its bindings, so that fragments compose and every value stays a `?` binding. */
class Frag {
  constructor(
    readonly sql: string,
    readonly b: readonly Knex.RawBinding[],
  ) {}
}

/** SQL text with `${value}` as bindings and `${frag}` inlined. */
function sql(strings: TemplateStringsArray, ...values: (Frag | Knex.RawBinding)[]): Frag {
  let text = strings[0]!;
  const b: Knex.RawBinding[] = [];
  values.forEach((v, i) => {
    if (v instanceof Frag) {
      text += v.sql;
      b.push(...v.b);
    } else {
      text += '?';
      b.push(v);
    }
    text += strings[i + 1]!;
  });
  return new Frag(text, b);
}

const raw = (text: string) => new Frag(text, []);
const join = (parts: Frag[], sep: string) => new Frag(parts.map((p) => p.sql).join(sep), parts.flatMap((p) => p.b));
const anyOf = (parts: Frag[]) => (parts.length ? sql`(${join(parts, ' or ')})` : raw('false'));

/** What the occasions must touch: any of these nodes, or (an area focus) a place inside the area. */
export interface Touch {
  subjects: string[];
  vehicles: string[];
  premises: string[];
  /** 100 m cells of the British National Grid, in hundreds of metres. */
  cells: { e: number[]; n: number[] };
  areaId?: string;
}

export const noTouch = (): Touch => ({ subjects: [], vehicles: [], premises: [], cells: { e: [], n: [] } });

const LIVE_S = raw('s.deleted_at is null and s.disposed_at is null');

function within(col: string, p: Period): Frag {
  const parts: Frag[] = [];
  if (p.from) parts.push(sql`and ${raw(col)} >= ${p.from}`);
  if (p.to) parts.push(sql`and ${raw(col)} < ${p.to}`);
  return join(parts, ' ');
}

/**
 * The nodes present at a sighting (columns of `x`): its subjects, vehicle and premises, or
 * its 100 m cell when it has neither premises nor vehicle. Licensing officers get only
 * vehicles and premises that are not sensitive sites.
 */
function sightingNodes(x: string, scope: Scope, sensitive: readonly string[]): Frag {
  const premises = raw(`select 'premises:' || ${x}.premises_id::text as node where ${x}.premises_id is not null`);
  const vehicle = raw(`select 'vehicle:' || ${x}.vehicle_id::text where ${x}.vehicle_id is not null`);
  if (scope !== 'all') {
    return sql`${premises} and not exists (select 1 from premises p where p.id = ${raw(x)}.premises_id and p.category = any(${[...sensitive]}::text[]))
      union all ${vehicle}`;
  }
  return sql`${premises} union all ${vehicle}
    union all select 'place:' || floor(${raw(x)}.bng_e / 100)::bigint || '_' || floor(${raw(x)}.bng_n / 100)::bigint where ${raw(x)}.premises_id is null and ${raw(x)}.vehicle_id is null
    union all select 'subject:' || l.subject_id::text from subject_links l
      join subjects su on su.id = l.subject_id and su.deleted_at is null and su.disposed_at is null
      where l.sighting_id = ${raw(x)}.id`;
}

/**
 * Every occasion within the period that touches the nodes or the area, one row per node
 * present at it: sightings (in the reader's scope), and for analysts journeys (their legs
 * in the period) and missing episodes (by the time reported missing).
 */
export async function occurrences(knex: Knex, scope: Scope, period: Period, touch: Touch, sensitive: readonly string[]): Promise<Occurrence[]> {
  const all = scope === 'all';
  const area = touch.areaId ? sql`(select a.geom from areas a where a.id = ${touch.areaId})` : undefined;
  const hasCells = touch.cells.e.length > 0;

  const touchS: Frag[] = [];
  if (touch.premises.length) touchS.push(sql`s.premises_id = any(${touch.premises}::uuid[])`);
  if (touch.vehicles.length) touchS.push(sql`s.vehicle_id = any(${touch.vehicles}::uuid[])`);
  if (all && touch.subjects.length) {
    touchS.push(sql`exists (select 1 from subject_links l where l.sighting_id = s.id and l.subject_id = any(${touch.subjects}::uuid[]))`);
  }
  if (all && hasCells) {
    touchS.push(sql`(s.premises_id is null and s.vehicle_id is null
      and (floor(s.bng_e / 100)::bigint, floor(s.bng_n / 100)::bigint) in (select * from unnest(${touch.cells.e}::bigint[], ${touch.cells.n}::bigint[])))`);
  }
  if (area) touchS.push(sql`ST_Intersects(s.geom, ${area})`);
  // Licensing officers: P-coded sightings linked to premises or vehicles, and none linked to a
  // sensitive site (as every sightings view of theirs: server/sightings/repo.ts applyFilters).
  const scopeS = all
    ? raw('')
    : sql`and s.handling_code = 'P' and (s.premises_id is not null or s.vehicle_id is not null)
      and (s.premises_id is null or not exists (select 1 from premises sp where sp.id = s.premises_id and sp.category = any(${[...sensitive]}::text[])))`;

  const sightings = sql`select 'sighting' as kind, t.id::text as id, t.observed_at as at, n.node, t.category as info
    from touched t cross join lateral (${sightingNodes('t', scope, sensitive)}) n`;

  let rest = raw('');
  if (all) {
    const touchE: Frag[] = [];
    if (touch.subjects.length) {
      touchE.push(sql`e.subject_id = any(${touch.subjects}::uuid[]) or e.returned_by_subject_id = any(${touch.subjects}::uuid[])
        or exists (select 1 from subject_links l where l.episode_id = e.id and l.subject_id = any(${touch.subjects}::uuid[]))`);
    }
    if (touch.premises.length) touchE.push(sql`e.missing_from_premises_id = any(${touch.premises}::uuid[])`);
    if (touch.vehicles.length) touchE.push(sql`e.returned_by_vehicle_id = any(${touch.vehicles}::uuid[])`);
    if (area) touchE.push(sql`ST_Intersects(e.missing_from_geom, ${area}) or (e.found_geom is not null and ST_Intersects(e.found_geom, ${area}))`);
    rest = sql`
      union all
      select 'journey', j.journey_id::text, max(j.observed_at) over (partition by j.journey_id), n.node, j.title
      from (
        select jl.journey_id, jj.title, s.id, s.observed_at, s.premises_id, s.vehicle_id, s.bng_e, s.bng_n
        from journey_legs jl join journeys jj on jj.id = jl.journey_id and jj.deleted_at is null
        join sightings s on s.id = jl.sighting_id and ${LIVE_S} ${within('s.observed_at', period)}
        where jl.journey_id in (select jl2.journey_id from journey_legs jl2 join touched t on t.id = jl2.sighting_id)
      ) j cross join lateral (${sightingNodes('j', scope, sensitive)}) n
      union all
      select 'episode', e.id::text, e.reported_missing_at, n.node, null
      from episodes e cross join lateral (
        select 'subject:' || e.subject_id::text as node
        union all select 'premises:' || e.missing_from_premises_id::text where e.missing_from_premises_id is not null
        union all select 'vehicle:' || e.returned_by_vehicle_id::text where e.returned_by_vehicle_id is not null
        union all select 'subject:' || e.returned_by_subject_id::text where e.returned_by_subject_id is not null
        union all select 'subject:' || l.subject_id::text from subject_links l where l.episode_id = e.id
      ) n
      where e.deleted_at is null and e.disposed_at is null ${within('e.reported_missing_at', period)} and ${anyOf(touchE)}`;
  }

  const q = sql`with touched as (
      select s.id, s.observed_at, s.category, s.premises_id, s.vehicle_id, s.bng_e, s.bng_n
      from sightings s
      where ${LIVE_S} ${within('s.observed_at', period)} ${scopeS} and ${anyOf(touchS)}
    )
    ${sightings}
    ${rest}`;
  return (await knex.raw(q.sql, [...q.b])).rows as Occurrence[];
}

export interface SubjectLabel {
  id: string;
  kind: string;
  ref: string | null;
  description: string;
  displayName: string | null;
}

/** Live subjects of the ids. */
export async function subjects(knex: Knex, ids: string[]): Promise<SubjectLabel[]> {
  if (!ids.length) return [];
  return (await knex.raw(
    `select id, kind, ref, description, display_name as "displayName" from subjects
     where id = any(?::uuid[]) and deleted_at is null and disposed_at is null`,
    [ids],
  )).rows;
}

export async function vehicles(knex: Knex, ids: string[]): Promise<{ id: string; plate: string }[]> {
  if (!ids.length) return [];
  return (await knex.raw('select id, plate from vehicles where id = any(?::uuid[])', [ids])).rows;
}

export async function premises(knex: Knex, ids: string[]): Promise<{ id: string; name: string; category: string }[]> {
  if (!ids.length) return [];
  return (await knex.raw('select id, name, category from premises where id = any(?::uuid[])', [ids])).rows;
}

/** The ward at the centre of each 100 m cell (the smallest, as a sighting's own area is chosen), if any. */
export async function cellWards(knex: Knex, cells: { e: number[]; n: number[] }): Promise<{ e: number; n: number; ward: string | null }[]> {
  if (!cells.e.length) return [];
  return (await knex.raw(
    `select c.e, c.n, (select a.name from areas a
       where a.kind = 'ward' and ST_Intersects(a.geom, ST_Transform(ST_SetSRID(ST_MakePoint(c.e * 100 + 50, c.n * 100 + 50), 27700), 4326))
       order by ST_Area(a.geom), a.id limit 1) as ward
     from unnest(?::bigint[], ?::bigint[]) as c(e, n)`,
    [cells.e, cells.n],
  )).rows;
}

export async function areaExists(knex: Knex, id: string): Promise<boolean> {
  return Boolean(await knex('areas').where({ id }).first('id'));
}
