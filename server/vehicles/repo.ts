import type { Knex } from 'knex';
import type { Vehicle } from './schema.js';
import { ordinaryPremises, SENSITIVE_BINDING } from '../premises/repo.js';

const columns = `v.id, v.plate, v.licence_no as "licenceNo", o.id as "operatorId", o.name as "operatorName",
  v.make, v.colour, v.synthetic`;

/** Who may see a sensitive site (issue 21): with `hideSensitive`, an operator that is one is no operator at all. */
export interface Reach {
  hideSensitive?: boolean;
}

function base(knex: Knex, reach: Reach) {
  return knex({ v: 'vehicles' })
    .leftJoin({ o: 'premises' }, (j) => {
      j.on('o.id', 'v.operator_id');
      if (reach.hideSensitive) j.andOn(knex.raw(ordinaryPremises('o'), [SENSITIVE_BINDING]));
    })
    .select(knex.raw(columns));
}

/** Exact plate first, then near misses by trigram (a misread character still finds it). */
export async function search(knex: Knex, f: { plate?: string; operatorId?: string; limit: number }, reach: Reach = {}): Promise<Vehicle[]> {
  const q = base(knex, reach).limit(f.limit);
  const plate = f.plate;
  if (plate) {
    q.where((w) => w.where('v.plate', plate).orWhereRaw('similarity(v.plate, ?) >= 0.4', [plate]).orWhere('v.licence_no', plate));
    q.orderByRaw('(v.plate = ?) desc, similarity(v.plate, ?) desc', [plate, plate]);
  }
  // Hidden operators are not found by id either: `o.id` is null where the join hid one.
  if (f.operatorId) q.where(reach.hideSensitive ? 'o.id' : 'v.operator_id', f.operatorId);
  q.orderBy('v.plate');
  return (await q) as Vehicle[];
}

export async function findById(knex: Knex, id: string, reach: Reach = {}): Promise<Vehicle | undefined> {
  return (await base(knex, reach).where('v.id', id).first()) as Vehicle | undefined;
}

export interface VehicleRow {
  plate?: string;
  licence_no?: string | null;
  operator_id?: string | null;
  make?: string | null;
  colour?: string | null;
  created_by?: string | null;
}

const defined = (row: VehicleRow) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));

export async function insert(trx: Knex.Transaction, row: VehicleRow): Promise<string> {
  const [r] = await trx('vehicles').insert(defined(row)).returning('id');
  return (r as { id: string }).id;
}

export async function update(trx: Knex.Transaction, id: string, row: VehicleRow): Promise<boolean> {
  return (await trx('vehicles').update({ ...defined(row), updated_at: trx.fn.now() }).where({ id })) > 0;
}
