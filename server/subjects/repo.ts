import type { Knex } from 'knex';
import { REPEAT_MISSING_DAYS, REPEAT_MISSING_EPISODES, type SubjectLinkRole } from '../lists.js';
import type { LinkType, SightingSubject, SubjectLink, SubjectSummary } from './schema.js';

/**
 * Whether the subject whose id is the SQL expression `col` went missing REPEAT_MISSING_EPISODES
 * times or more within some REPEAT_MISSING_DAYS days: some episode starts a window holding
 * that many. Bindings: `repeatMissingBindings`. Episodes are few per child, so the nested
 * count is cheap through episodes_subject_idx.
 */
export const repeatMissingSql = (col: string) => `exists (
  select 1 from episodes e1
  where e1.subject_id = ${col} and e1.deleted_at is null and e1.disposed_at is null
    and (select count(*) from episodes e2
         where e2.subject_id = e1.subject_id and e2.deleted_at is null and e2.disposed_at is null
           and e2.reported_missing_at >= e1.reported_missing_at
           and e2.reported_missing_at < e1.reported_missing_at + make_interval(days => ?::int)) >= ?::int)`;
export const repeatMissingBindings: readonly number[] = [REPEAT_MISSING_DAYS, REPEAT_MISSING_EPISODES];

/** Live subjects: neither deleted nor disposed after review. */
const LIVE = 'su.deleted_at is null and su.disposed_at is null';

const summaryColumns = `su.id, su.kind, su.ref, su.description, su.display_name as "displayName", ${repeatMissingSql('su.id')} as "repeatMissing"`;

export interface SubjectRow {
  kind?: string;
  ref?: string | null;
  description?: string;
  display_name?: string | null;
  synthetic?: boolean;
  review_due?: string;
  created_by?: string | null;
}

const defined = (row: SubjectRow) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));

export async function insert(trx: Knex.Transaction, row: SubjectRow): Promise<string> {
  const [r] = await trx('subjects').insert(defined(row)).returning('id');
  return (r as { id: string }).id;
}

/** Updates a live subject; false when there is none with that id. */
export async function update(trx: Knex.Transaction, id: string, row: SubjectRow): Promise<boolean> {
  const n = await trx('subjects').update({ ...defined(row), updated_at: trx.fn.now() }).where({ id }).whereNull('deleted_at').whereNull('disposed_at');
  return n > 0;
}

/** Matches for `q` in the reference, description or display name (case-insensitive, through the trigram index), by reference. */
export async function search(knex: Knex, q: string | undefined, limit: number, offset: number): Promise<{ items: SubjectSummary[]; total: number }> {
  const where = [LIVE];
  const bindings: string[] = [];
  if (q) {
    // The indexed expression itself, so that subjects_search_trgm serves the ILIKE.
    where.push(`(coalesce(su.ref, '') || ' ' || su.description || ' ' || coalesce(su.display_name, '')) ilike ?`);
    bindings.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const items = await knex.raw(
    `select ${summaryColumns} from subjects su where ${where.join(' and ')}
     order by su.ref nulls last, su.created_at desc, su.id limit ? offset ?`,
    [...repeatMissingBindings, ...bindings, limit, offset],
  );
  const total = await knex.raw(`select count(*) as n from subjects su where ${where.join(' and ')}`, bindings);
  return { items: items.rows, total: Number(total.rows[0].n) };
}

export interface SubjectRecord extends SubjectSummary {
  reviewDue: string;
  synthetic: boolean;
  episodeCount90d: number;
}

export async function findById(knex: Knex, id: string): Promise<SubjectRecord | undefined> {
  const r = await knex.raw(
    `select ${summaryColumns}, to_char(su.review_due, 'YYYY-MM-DD') as "reviewDue", su.synthetic,
       (select count(*) from episodes e where e.subject_id = su.id and e.deleted_at is null
          and e.reported_missing_at >= now() - make_interval(days => ?::int))::int as "episodeCount90d"
     from subjects su where su.id = ? and ${LIVE}`,
    [...repeatMissingBindings, REPEAT_MISSING_DAYS, id],
  );
  return r.rows[0];
}

/** Most links one subject's detail lists, newest first. */
const MAX_LINKS = 1000;

/** What the subject is linked to, newest first; records deleted or disposed of are left out. */
export async function links(knex: Knex, id: string): Promise<SubjectLink[]> {
  const r = await knex.raw(
    `select * from (
       select l.id::text as "linkId", l.role, 'sighting' as type, s.id, s.category as label, s.observed_at as at
       from subject_links l join sightings s on s.id = l.sighting_id and s.deleted_at is null and s.disposed_at is null
       where l.subject_id = ?
       union all
       select l.id::text, l.role, 'intel', i.id, i.summary, i.reported_at
       from subject_links l join intel i on i.id = l.intel_id and i.deleted_at is null and i.disposed_at is null
       where l.subject_id = ?
       union all
       select l.id::text, l.role, 'vehicle', v.id, v.plate, l.created_at
       from subject_links l join vehicles v on v.id = l.vehicle_id
       where l.subject_id = ?
       union all
       select l.id::text, l.role, 'episode', e.id, 'Missing from ' || to_char(e.reported_missing_at at time zone 'UTC', 'YYYY-MM-DD'), e.reported_missing_at
       from subject_links l join episodes e on e.id = l.episode_id and e.deleted_at is null
       where l.subject_id = ?
     ) x order by at desc, "linkId" limit ?`,
    [id, id, id, id, MAX_LINKS],
  );
  return r.rows;
}

/** Whether the thing a link would point at exists and is live. */
export async function targetExists(knex: Knex, type: Exclude<LinkType, 'episode'>, id: string): Promise<boolean> {
  const sql = {
    sighting: 'select 1 from sightings where id = ? and deleted_at is null and disposed_at is null',
    intel: 'select 1 from intel where id = ? and deleted_at is null and disposed_at is null',
    vehicle: 'select 1 from vehicles where id = ?',
  }[type];
  return (await knex.raw(sql, [id])).rows.length > 0;
}

export async function insertLink(
  trx: Knex.Transaction,
  link: { subjectId: string; role: SubjectLinkRole; sightingId?: string; intelId?: string; vehicleId?: string; createdBy: string | null },
): Promise<string | undefined> {
  const r = await trx.raw(
    `insert into subject_links (subject_id, role, sighting_id, intel_id, vehicle_id, created_by)
     values (?, ?, ?, ?, ?, ?) on conflict do nothing returning id::text as id`,
    [link.subjectId, link.role, link.sightingId ?? null, link.intelId ?? null, link.vehicleId ?? null, link.createdBy],
  );
  return r.rows[0]?.id;
}

export async function deleteLink(trx: Knex.Transaction, subjectId: string, linkId: string): Promise<boolean> {
  const r = await trx.raw('delete from subject_links where id = ?::bigint and subject_id = ? returning id', [linkId, subjectId]);
  return r.rows.length > 0;
}

/** Which of these ids are not live subjects. */
export async function missingSubjects(knex: Knex, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const r = await knex.raw(
    `select x.id::text as id from unnest(?::uuid[]) as x(id)
     where not exists (select 1 from subjects su where su.id = x.id and ${LIVE})`,
    [[...ids]],
  );
  return r.rows.map((row: { id: string }) => row.id);
}

/**
 * The subjects of these force references, each made (described, kind unknown) where none
 * has it yet. Returns reference → subject id.
 */
export async function findOrCreateByRefs(trx: Knex.Transaction, refs: readonly string[], reviewDue: string, createdBy: string | null): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  await trx.raw(
    `insert into subjects (kind, ref, description, review_due, created_by)
     select 'unknown_adult', r.ref, 'Subject reference ' || r.ref, ?::date, ?::uuid from unnest(?::text[]) as r(ref)
     on conflict (ref) where ref is not null do nothing`,
    [reviewDue, createdBy, [...new Set(refs)]] as Knex.RawBinding[],
  );
  const r = await trx.raw('select id, ref from subjects where ref = any(?::text[])', [[...refs]]);
  return new Map(r.rows.map((row: { id: string; ref: string }) => [row.ref, row.id]));
}

/** Replaces every subject link of a sighting with these (repeats of a subject and role counted once). */
export async function replaceSightingLinks(
  trx: Knex.Transaction,
  sightingId: string,
  links: readonly { subjectId: string; role: SubjectLinkRole }[],
  createdBy: string | null,
): Promise<void> {
  await trx.raw('delete from subject_links where sighting_id = ?', [sightingId]);
  if (links.length === 0) return;
  await trx.raw(
    `insert into subject_links (subject_id, role, sighting_id, created_by)
     select x.subject_id, x.role, ?::uuid, ?::uuid
     from unnest(?::uuid[], ?::text[]) with ordinality as x(subject_id, role, n)
     order by x.n
     on conflict do nothing`,
    [sightingId, createdBy, links.map((l) => l.subjectId), links.map((l) => l.role)],
  );
}

/**
 * The expression of a sighting's subject references (those of its linked subjects that have
 * one, in the order linked), for `sightings s`.
 */
export const sightingRefsSql = (sighting: string) => `coalesce((
  select array_agg(x.ref order by x.first) from (
    select su.ref, min(l.id) as first from subject_links l join subjects su on su.id = l.subject_id
    where l.sighting_id = ${sighting} and su.ref is not null and su.deleted_at is null and su.disposed_at is null
    group by su.ref) x), '{}'::text[])`;

/** The expression of a sighting's subjects as `SightingSubject`s (json), in the order linked. */
export const sightingSubjectsSql = (sighting: string) => `coalesce((
  select json_agg(json_build_object('subjectId', su.id, 'role', l.role, 'ref', su.ref, 'kind', su.kind) order by l.id)
  from subject_links l join subjects su on su.id = l.subject_id
  where l.sighting_id = ${sighting} and su.deleted_at is null and su.disposed_at is null), '[]'::json)`;

export type { SightingSubject };

/** Disposal after review: what identifies goes (reference, name, description, links); the row stays for the counts. */
export async function dispose(trx: Knex.Transaction, id: string): Promise<void> {
  await trx.raw('delete from subject_links where subject_id = ?', [id]);
  await trx.raw(
    `update subjects set ref = null, display_name = null, description = '[disposed after review]',
       disposed_at = now(), updated_at = now() where id = ?`,
    [id],
  );
}
