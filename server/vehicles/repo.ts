import type { Knex } from 'knex';
import type { Vehicle } from './schema.js';

const columns = `v.id, v.plate, v.licence_no as "licenceNo", v.operator_id as "operatorId", o.name as "operatorName",
  v.make, v.colour, v.synthetic`;

function base(knex: Knex) {
  return knex({ v: 'vehicles' }).leftJoin({ o: 'premises' }, 'o.id', 'v.operator_id').select(knex.raw(columns));
}

/** Exact plate first, then near misses by trigram (a misread character still finds it). */
export async function search(knex: Knex, f: { plate?: string; operatorId?: string; limit: number }): Promise<Vehicle[]> {
  const q = base(knex).limit(f.limit);
  const plate = f.plate;
  if (plate) {
    q.where((w) => w.where('v.plate', plate).orWhereRaw('similarity(v.plate, ?) >= 0.4', [plate]).orWhere('v.licence_no', plate));
    q.orderByRaw('(v.plate = ?) desc, similarity(v.plate, ?) desc', [plate, plate]);
  }
  if (f.operatorId) q.where('v.operator_id', f.operatorId);
  q.orderBy('v.plate');
  return (await q) as Vehicle[];
}

export async function findById(knex: Knex, id: string): Promise<Vehicle | undefined> {
  return (await base(knex).where('v.id', id).first()) as Vehicle | undefined;
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
