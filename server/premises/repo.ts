import type { Knex } from 'knex';
import type { BBox } from '../geo/bbox.js';
import type { Premises } from './schema.js';
import { ENVELOPE, envelopeBindings, lonLatColumns, POINT, pointOf } from '../geo/sql.js';
import { SENSITIVE_PREMISES_CATEGORIES } from '../lists.js';

/**
 * Sensitive sites (children's homes, refuges: issue 21) as SQL over the premises aliased
 * `alias`, with one binding, `SENSITIVE_BINDING`. Every repo that names or draws premises
 * for a role that may not see such sites filters with `ordinaryPremises`; the sightings
 * at them are never filtered, so they still count.
 * @example knex.raw(`select … from premises p where ${ordinaryPremises('p')}`, [SENSITIVE_BINDING])
 */
export const sensitivePremises = (alias: string): string => `${alias}.category = any(?::text[])`;
export const ordinaryPremises = (alias: string): string => `not (${alias}.category = any(?::text[]))`;
export const SENSITIVE_BINDING: string[] = [...SENSITIVE_PREMISES_CATEGORIES];

export const columns = `p.id, p.name, p.category, p.address, p.postcode, ${lonLatColumns('p.geom')},
  p.licence_ref as "licenceRef", p.licence_status as "licenceStatus", p.synthetic`;

export interface PremisesSearch {
  q?: string;
  /** q read as a postcode, when it can be one */
  postcode?: string;
  categories?: string[];
  near?: { lat: number; lon: number; radius: number };
  bbox?: BBox;
  limit: number;
  /** Leave sensitive sites out (every role but analysts and admins). */
  hideSensitive?: boolean;
}

/** Minimum trigram (word) similarity for a text match: low enough for a misspelt name. */
const MIN_SCORE = 0.3;

/**
 * Forgiving search: trigram similarity on name and address (word similarity, so a
 * typo in one word still matches a long name), licence ref by prefix, postcode exact.
 */
export async function search(knex: Knex, s: PremisesSearch): Promise<Premises[]> {
  const q = knex({ p: 'premises' }).select(knex.raw(columns));
  if (s.q) {
    const score = `greatest(word_similarity(?, p.name), similarity(?, p.name), word_similarity(?, coalesce(p.address, '')),
      case when p.licence_ref ilike ? then 1 else 0 end, case when p.postcode = ? then 1 else 0 end)`;
    const b = [s.q, s.q, s.q, `${s.q.replace(/[%_\\]/g, '\\$&')}%`, s.postcode ?? ''];
    q.select(knex.raw(`round((${score})::numeric, 3) as score`, b));
    q.whereRaw(`${score} >= ?`, [...b, MIN_SCORE]);
    q.orderByRaw('score desc');
  }
  if (s.categories) q.whereIn('p.category', s.categories);
  if (s.hideSensitive) q.whereRaw(ordinaryPremises('p'), [SENSITIVE_BINDING]);
  if (s.bbox) q.whereRaw(`p.geom && ${ENVELOPE}`, envelopeBindings(s.bbox));
  if (s.near) {
    const { lon, lat, radius } = s.near;
    const pt = POINT;
    q.select(knex.raw(`round(ST_Distance(p.geom::geography, ${pt}::geography)::numeric, 1) as "distanceM"`, [lon, lat]));
    q.whereRaw(`p.geom && ST_Expand(${pt}, ?) and ST_DWithin(p.geom::geography, ${pt}::geography, ?)`, [lon, lat, radius / 50_000, lon, lat, radius]);
    q.orderByRaw('"distanceM"');
  }
  q.orderBy('p.name').limit(s.limit);
  return (await q) as Premises[];
}

/** A premises by id; with `hideSensitive` a sensitive site is not found, as if absent. */
export async function findById(knex: Knex, id: string, opts: { hideSensitive?: boolean } = {}): Promise<Premises | undefined> {
  const hide = opts.hideSensitive ? ` and ${ordinaryPremises('p')}` : '';
  const r = await knex.raw(`select ${columns} from premises p where p.id = ?${hide}`, [id, ...(opts.hideSensitive ? [SENSITIVE_BINDING] : [])]);
  return r.rows[0];
}

/** Which of these premises ids are sensitive sites. */
export async function sensitiveIds(knex: Knex, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const r = await knex.raw(`select p.id from premises p where p.id = any(?::uuid[]) and ${sensitivePremises('p')}`, [[...new Set(ids)], SENSITIVE_BINDING]);
  return new Set((r.rows as { id: string }[]).map((x) => x.id));
}

export interface EpisodeCounts {
  starting: number;
  ending: number;
  children: number;
}

/**
 * Live missing episodes that start at a premises (missing from it) or end within `radius`
 * metres of it (found there), and how many different children they are about; counted
 * over the episodes reported missing in [from, to).
 */
export async function episodeCounts(knex: Knex, id: string, at: { lon: number; lat: number }, radius: number, period: { from: Date; to: Date }): Promise<EpisodeCounts> {
  const r = await knex.raw(
    `with e as (
       select e.subject_id, coalesce(e.missing_from_premises_id = ?, false) as starts,
         coalesce(e.found_geom && ST_Expand(${POINT}, ?) and ST_DWithin(e.found_geom::geography, ${POINT}::geography, ?), false) as ends
       from episodes e
       where e.deleted_at is null and e.disposed_at is null and e.reported_missing_at >= ? and e.reported_missing_at < ?)
     select (count(*) filter (where starts))::int as starting, (count(*) filter (where ends))::int as ending,
       (count(distinct subject_id) filter (where starts or ends))::int as children
     from e where starts or ends`,
    [id, at.lon, at.lat, radius / 50_000, at.lon, at.lat, radius, period.from, period.to],
  );
  const row = r.rows[0] as EpisodeCounts;
  return { starting: Number(row.starting), ending: Number(row.ending), children: Number(row.children) };
}

export interface PremisesRow {
  name?: string;
  category?: string;
  address?: string | null;
  postcode?: string | null;
  lon?: number;
  lat?: number;
  licence_ref?: string | null;
  licence_status?: string;
  created_by?: string | null;
}

function columnsOf(knex: Knex, row: PremisesRow): Record<string, unknown> {
  const { lon, lat, ...rest } = row;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (lon !== undefined && lat !== undefined) out.geom = pointOf(knex, lon, lat);
  return out;
}

export async function insert(trx: Knex.Transaction, row: PremisesRow): Promise<string> {
  const [r] = await trx('premises').insert(columnsOf(trx, row)).returning('id');
  return (r as { id: string }).id;
}

export async function update(trx: Knex.Transaction, id: string, row: PremisesRow): Promise<boolean> {
  return (await trx('premises').update({ ...columnsOf(trx, row), updated_at: trx.fn.now() }).where({ id })) > 0;
}

/** The ward a point lies in, with its area in km². */
export async function wardAt(knex: Knex, lon: number, lat: number): Promise<{ id: string; name: string; areaKm2: number } | undefined> {
  const r = await knex.raw(
    `select id, name, ST_Area(geom::geography) / 1e6 as "areaKm2" from areas
     where kind = 'ward' and ST_Intersects(geom, ${POINT}) order by id limit 1`,
    [lon, lat],
  );
  return r.rows[0];
}
