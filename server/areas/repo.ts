import type { Knex } from 'knex';
import type { Area } from './schema.js';

export const columns = `id, name, kind, synthetic, ST_AsGeoJSON(geom, 6)::json as geometry`;

export async function list(knex: Knex, kind?: string): Promise<Area[]> {
  const r = await knex.raw(`select ${columns} from areas ${kind ? 'where kind = ?' : ''} order by kind, name`, kind ? [kind] : []);
  return r.rows;
}

export async function findById(knex: Knex, id: string): Promise<Area | undefined> {
  const r = await knex.raw(`select ${columns} from areas where id = ?`, [id]);
  return r.rows[0];
}

export async function insert(trx: Knex.Transaction, a: { name: string; kind: string; geometry: object; createdBy: string | null }): Promise<Area> {
  const r = await trx.raw(
    `insert into areas (name, kind, geom, created_by) values (?, ?, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)), ?) returning ${columns}`,
    [a.name, a.kind, JSON.stringify(a.geometry), a.createdBy],
  );
  return r.rows[0];
}
