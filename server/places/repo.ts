import type { Knex } from 'knex';
import type { Place, PlaceRow } from './schema.js';
import { compactKey, likeLiteral, searchKey } from './normalise.js';

/** Premises found by name are points at their door. */
const PREMISES_PRECISION_M = 25;

/**
 * Searches the gazetteer and premises by name. Three index-served tests, best first:
 * the compact key equal or starting with the query (btree, text_pattern_ops: postcodes
 * with or without their space), the search key containing it, or close to it (both the
 * trigram GIN index). `s` and `c` are the normalised query (see normalise.ts).
 */
export async function search(knex: Knex, q: string, limit: number): Promise<Place[]> {
  const s = searchKey(q);
  const c = compactKey(q);
  if (!c) return [];
  const r = await knex.raw(
    `select name, kind, precision_m as "precisionM", round(ST_X(geom)::numeric, 6)::float8 as lon, round(ST_Y(geom)::numeric, 6)::float8 as lat,
            premises_id as "premisesId", synthetic
     from (
       (select p.name, p.kind, p.precision_m, p.geom, null::uuid as premises_id, p.synthetic,
               case when p.compact_name = ? then 0 when p.compact_name like ? then 1 when p.search_name like ? then 2 else 3 end as rank,
               similarity(p.search_name, ?) as sim
        from places p
        where p.compact_name like ? or p.search_name like ? or p.search_name % ?
        order by rank, sim desc limit ?)
       union all
       (select m.name, 'premises', ${PREMISES_PRECISION_M}, m.geom, m.id, m.synthetic,
               case when regexp_replace(lower(m.name), '[^a-z0-9]+', '', 'g') like ? then 1 else 2 end, 0
        from premises m
        where regexp_replace(lower(m.name), '[^a-z0-9]+', ' ', 'g') like ?
        limit ?)
     ) found
     order by rank, sim desc, length(name), name
     limit ?`,
    [c, `${likeLiteral(c)}%`, `%${likeLiteral(s)}%`, s, `${likeLiteral(c)}%`, `%${likeLiteral(s)}%`, s, limit, `${likeLiteral(c)}%`, `%${likeLiteral(s)}%`, limit, limit],
  );
  return r.rows.map((row: Place & { premisesId: string | null }) => {
    const { premisesId, ...rest } = row;
    return premisesId ? { ...rest, premisesId } : rest;
  });
}

/** Inserts gazetteer rows in batches, computing their search keys; returns how many. */
export async function insertMany(trx: Knex.Transaction, rows: PlaceRow[], batch = 1000): Promise<number> {
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    await trx.raw(
      `insert into places (name, kind, search_name, compact_name, geom, precision_m, source, source_ref, synthetic)
       select x.name, x.kind, x.search_name, x.compact_name, ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), x.precision_m, x.source, x.source_ref, x.synthetic
       from json_to_recordset(?::json) as x(name text, kind text, search_name text, compact_name text, lon float8, lat float8, precision_m int, source text, source_ref text, synthetic boolean)`,
      [
        JSON.stringify(
          part.map((p) => ({
            name: p.name,
            kind: p.kind,
            search_name: searchKey(p.name),
            compact_name: compactKey(p.name),
            lon: p.lon,
            lat: p.lat,
            precision_m: p.precisionM,
            source: p.source,
            source_ref: p.sourceRef ?? null,
            synthetic: p.synthetic ?? false,
          })),
        ),
      ],
    );
  }
  return rows.length;
}
