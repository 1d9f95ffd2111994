import type { Knex } from 'knex';
import type { Place, PlaceRow } from './schema.js';
import { compactKey, likeLiteral, searchKey } from './normalise.js';
import { ordinaryPremises, SENSITIVE_BINDING } from '../premises/repo.js';

/** Premises found by name are points at their door. */
const PREMISES_PRECISION_M = 25;

/**
 * Searches the gazetteer and premises by name. Three index-served tests, best first:
 * the compact key equal or starting with the query (btree, text_pattern_ops: postcodes
 * with or without their space), the search key containing it, or, only when neither
 * finds anything (a typo), close to it (both the trigram GIN index; similarity on short
 * keys matches a large share of a national gazetteer, so it is the fallback, not a
 * third branch of every search). `s` and `c` are the normalised query (see normalise.ts).
 */
export async function search(knex: Knex, q: string, limit: number, opts: { hideSensitive: boolean }): Promise<Place[]> {
  const exact = await searchWith(knex, q, limit, false, opts.hideSensitive);
  return exact.length > 0 ? exact : searchWith(knex, q, limit, true, opts.hideSensitive);
}

/** `hideSensitive`: children's homes and refuges are not premises a search finds (every role but analysts and admins). */
async function searchWith(knex: Knex, q: string, limit: number, fuzzy: boolean, hideSensitive: boolean): Promise<Place[]> {
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
        where p.compact_name like ? or p.search_name like ?${fuzzy ? ' or p.search_name % ?' : ''}
        order by rank, sim desc limit ?)
       union all
       (select m.name, 'premises', ${PREMISES_PRECISION_M}, m.geom, m.id, m.synthetic,
               case when regexp_replace(lower(m.name), '[^a-z0-9]+', '', 'g') like ? then 1 else 2 end, 0
        from premises m
        where regexp_replace(lower(m.name), '[^a-z0-9]+', ' ', 'g') like ?${hideSensitive ? ` and ${ordinaryPremises('m')}` : ''}
        limit ?)
     ) found
     order by rank, sim desc, length(name), name
     limit ?`,
    [c, `${likeLiteral(c)}%`, `%${likeLiteral(s)}%`, s, `${likeLiteral(c)}%`, `%${likeLiteral(s)}%`, ...(fuzzy ? [s] : []), limit, `${likeLiteral(c)}%`, `%${likeLiteral(s)}%`, ...(hideSensitive ? [SENSITIVE_BINDING] : []), limit, limit],
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

/** Rows a statement wrote: pg calls it rowCount, PGlite affectedRows. */
const rowCount = (r: { rowCount?: number | null; affectedRows?: number }) => r.rowCount ?? r.affectedRows ?? 0;

/** The staging table of a gazetteer import: one chunk of grid references at a time, loaded with COPY. */
export const PLACE_STAGE = 'import_places_stage';

/** Its columns, in the order each COPY line gives them. */
export const PLACE_STAGE_COLUMNS = ['name', 'kind', 'search_name', 'compact_name', 'easting', 'northing', 'srid', 'precision_m', 'source_ref'] as const;

export async function createPlaceStage(trx: Knex.Transaction): Promise<void> {
  await trx.raw(
    `create temporary table ${PLACE_STAGE} (
       name text not null, kind text not null, search_name text not null, compact_name text not null,
       -- metres in the grid \`srid\` names: 27700 (British National Grid) or 29903 (Irish Grid, ONSPD's Northern Ireland)
       easting float8 not null, northing float8 not null, srid integer not null,
       precision_m integer not null, source_ref text
     ) on commit drop`,
  );
}

/** Removes every row of one source: a re-import replaces them (within the import's transaction). */
export async function deleteSource(trx: Knex.Transaction, source: string): Promise<number> {
  const r = await trx.raw('delete from places where source = ?', [source]);
  return rowCount(r);
}

/**
 * Lands the staged chunk in `places`, each grid reference transformed to WGS84 by
 * PostGIS; a source_ref already there (twice in one file) is a duplicate and skipped.
 * Empties the stage. Returns how many rows were inserted.
 */
export async function landStagedPlaces(trx: Knex.Transaction, source: string): Promise<number> {
  const r = await trx.raw(
    `insert into places (name, kind, search_name, compact_name, geom, precision_m, source, source_ref, synthetic)
     select name, kind, search_name, compact_name, ST_Transform(ST_SetSRID(ST_MakePoint(easting, northing), srid), 4326), precision_m, ?, source_ref, false
     from ${PLACE_STAGE}
     on conflict (source, source_ref) where source_ref is not null do nothing`,
    [source],
  );
  await trx.raw(`truncate ${PLACE_STAGE}`);
  return rowCount(r);
}
