import type { Knex } from 'knex';
import type { BBox } from '../geo/bbox.js';
import { splitAntimeridian } from '../geo/bbox.js';
import { lonLatColumns } from '../geo/sql.js';
import type { Journey, JourneyLeg, OdGrouping, OdRow } from './schema.js';

/** A live sighting: not deleted, not disposed (a journey's leg shows only while its sighting is a record). */
const LIVE = 's.deleted_at is null and s.disposed_at is null';

const legColumns = `jl.journey_id as "journeyId", jl.seq, jl.kind, jl.sighting_id as "sightingId", s.observed_at as "observedAt",
  ${lonLatColumns('s.geom')}, s.premises_id as "premisesId", p.name as "premisesName", p.category as "premisesCategory",
  s.vehicle_id as "vehicleId", v.plate`;

/** The sightings of the ids that are live, with whether each has a vehicle: what a new journey's legs are checked against. */
export async function sightingsFor(knex: Knex, ids: string[]): Promise<Map<string, { hasVehicle: boolean }>> {
  const rows = await knex.raw(`select s.id, s.vehicle_id is not null as "hasVehicle" from sightings s where s.id = any(?::uuid[]) and ${LIVE}`, [ids]);
  return new Map((rows.rows as { id: string; hasVehicle: boolean }[]).map((r) => [r.id, { hasVehicle: r.hasVehicle }]));
}

export async function insert(trx: Knex.Transaction, j: { title: string; reviewDue: string; createdBy: string | null }, legs: { kind: string; sightingId: string }[]): Promise<string> {
  const [row] = await trx('journeys').insert({ title: j.title, review_due: j.reviewDue, created_by: j.createdBy }).returning('id');
  const id = (row as { id: string }).id;
  await trx('journey_legs').insert(legs.map((l, i) => ({ journey_id: id, seq: i + 1, kind: l.kind, sighting_id: l.sightingId })));
  return id;
}

export async function softDelete(trx: Knex.Transaction, id: string): Promise<boolean> {
  return (await trx('journeys').update({ deleted_at: trx.fn.now(), updated_at: trx.fn.now() }).where({ id }).whereNull('deleted_at')) > 0;
}

type LegRow = JourneyLeg & { journeyId: string };

async function legsOf(knex: Knex, ids: string[]): Promise<Map<string, JourneyLeg[]>> {
  const rows = (await knex.raw(
    `select ${legColumns}
     from journey_legs jl join sightings s on s.id = jl.sighting_id and ${LIVE}
     left join premises p on p.id = s.premises_id left join vehicles v on v.id = s.vehicle_id
     where jl.journey_id = any(?::uuid[]) order by jl.journey_id, jl.seq`,
    [ids],
  )).rows as LegRow[];
  const out = new Map<string, JourneyLeg[]>();
  for (const { journeyId, ...leg } of rows) {
    const list = out.get(journeyId) ?? [];
    list.push(leg);
    out.set(journeyId, list);
  }
  return out;
}

const journeyColumns = `j.id, j.title, j.synthetic, to_char(j.review_due, 'YYYY-MM-DD') as "reviewDue", j.created_at as "createdAt"`;

export async function findById(knex: Knex, id: string): Promise<Journey | undefined> {
  const j = (await knex.raw(`select ${journeyColumns} from journeys j where j.id = ? and j.deleted_at is null`, [id])).rows[0] as Omit<Journey, 'legs'> | undefined;
  if (!j) return undefined;
  return { ...j, legs: (await legsOf(knex, [id])).get(id) ?? [] };
}

/** Journeys with a live leg in the period and box, latest leg first; one more than the limit, so the caller can tell. */
export async function list(knex: Knex, f: { from?: Date; to?: Date; bbox?: BBox }, limit: number): Promise<Journey[]> {
  const where: string[] = [LIVE];
  const b: Knex.RawBinding[] = [];
  if (f.from) {
    where.push('s.observed_at >= ?');
    b.push(f.from);
  }
  if (f.to) {
    where.push('s.observed_at < ?');
    b.push(f.to);
  }
  if (f.bbox) {
    const boxes = splitAntimeridian(f.bbox);
    where.push(`(${boxes.map(() => 's.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)').join(' or ')})`);
    for (const x of boxes) b.push(x.west, x.south, x.east, x.north);
  }
  const journeys = (await knex.raw(
    `select ${journeyColumns} from journeys j
     join (select jl.journey_id, max(s.observed_at) as latest from journey_legs jl join sightings s on s.id = jl.sighting_id
           where ${where.join(' and ')} group by jl.journey_id) m on m.journey_id = j.id
     where j.deleted_at is null order by m.latest desc, j.id limit ?`,
    [...b, limit + 1],
  )).rows as Omit<Journey, 'legs'>[];
  const legs = await legsOf(knex, journeys.map((j) => j.id));
  return journeys.map((j) => ({ ...j, legs: legs.get(j.id) ?? [] }));
}

/** The ward of a point: the smallest holding it, as a sighting's own area is chosen. */
const wardOf = (geom: string) =>
  `(select a.id, a.name from areas a where a.kind = 'ward' and ST_Intersects(a.geom, ${geom}) order by ST_Area(a.geom), a.id limit 1)`;

/**
 * Each live pick-up in the period (and box), paired with the next "taken to" leg of its journey
 * (other legs may come between), counted by the pick-up's ward and the destination's
 * premises category ('place' without premises) or ward.
 */
export async function originDestination(knex: Knex, f: { from?: Date; to?: Date; bbox?: BBox }, by: OdGrouping): Promise<OdRow[]> {
  const period: string[] = [];
  const b: Knex.RawBinding[] = [];
  if (f.from) {
    period.push('and pu.observed_at >= ?');
    b.push(f.from);
  }
  if (f.to) {
    period.push('and pu.observed_at < ?');
    b.push(f.to);
  }
  if (f.bbox) {
    const boxes = splitAntimeridian(f.bbox);
    period.push(`and (${boxes.map(() => 'pu.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)').join(' or ')})`);
    for (const x of boxes) b.push(x.west, x.south, x.east, x.north);
  }
  const to = by === 'category' ? `coalesce(p.category, 'place')` : 'tw.name';
  const toId = by === 'category' ? 'null::uuid' : 'tw.id';
  const rows = (await knex.raw(
    `with legs as (
       select jl.journey_id, jl.seq, jl.kind, s.observed_at, s.geom, s.premises_id
       from journey_legs jl join journeys j on j.id = jl.journey_id and j.deleted_at is null
       join sightings s on s.id = jl.sighting_id and ${LIVE}
     )
     select fw.name as "from", fw.id as "fromId", ${to} as "to", ${toId} as "toId", count(*)::int as count
     from legs pu
     join lateral (select t.geom, t.premises_id from legs t where t.journey_id = pu.journey_id and t.kind = 'taken_to' and t.seq > pu.seq order by t.seq limit 1) dest on true
     left join lateral ${wardOf('pu.geom')} fw on true
     left join lateral ${wardOf('dest.geom')} tw on true
     left join premises p on p.id = dest.premises_id
     where pu.kind = 'picked_up' ${period.join(' ')}
     group by 1, 2, 3, 4
     order by count desc, 1, 3`,
    b,
  )).rows as OdRow[];
  return rows;
}
