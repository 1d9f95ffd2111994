import type { Knex } from 'knex';
import { splitAntimeridian } from '../geo/bbox.js';
import { hoursOf, nightShift } from '../geo/hourWindow.js';
import { isoDow } from '../geo/weekdays.js';
import type { SightingFilters } from './filters.js';
import type { Sighting, SightingSummary } from './schema.js';
import type { Scope } from '../auth/policy.js';
import { cellIndexSql } from '../hotspots/repo.js';
import { sensitivePremises, SENSITIVE_BINDING } from '../premises/repo.js';
import { sightingRefsSql, sightingSubjectsSql } from '../subjects/repo.js';


const summaryColumns = `s.id, round(ST_X(s.geom)::numeric, 6) as lon, round(ST_Y(s.geom)::numeric, 6) as lat,
  s.observed_at as "observedAt", s.category, s.grooming_model as "groomingModel",
  s.source_agency as "sourceAgency", s.source_eval as "sourceEval", s.intel_assessment as "intelAssessment",
  s.handling_code as "handlingCode", s.area_id as "areaId", s.premises_id as "premisesId", s.vehicle_id as "vehicleId"`;

/**
 * Every field of a record, as `Sighting` names them. Subject references come from the
 * sighting's subject links, and only for the full scope: no other reader's query touches subjects.
 */
export const recordColumns = (scope: Scope) => `${summaryColumns}, s.reported_at as "reportedAt", s.precision_m as "precisionM",
  s.narrative, ${scope === 'all' ? sightingRefsSql('s.id') : `'{}'::text[]`} as "subjectRefs", s.indicators, s.external_ref as "externalRef", s.synthetic,
  to_char(s.review_due, 'YYYY-MM-DD') as "reviewDue", s.created_by as "createdBy",
  s.created_at as "createdAt", s.updated_at as "updatedAt"`;

/**
 * Adds the shared filters to a query over `sightings s` (live rows only). Hour and
 * weekday are read in the team's time zone, so a BST evening stays an evening.
 */
export function applyFilters(q: Knex.QueryBuilder, f: SightingFilters, timeZone: string, scope: Scope = 'all', opts: { includeDisposed?: boolean } = {}): Knex.QueryBuilder {
  q.whereNull('s.deleted_at');
  // Disposed records only count in aggregates; they are no longer individual records.
  if (!opts.includeDisposed) q.whereNull('s.disposed_at');
  if (scope === 'licensing') {
    // A sighting linked to a sensitive site (issue 21) is no record for licensing: its point would draw
    // the site and its link name it. It still counts in aggregates (scopes 'all' and 'public').
    q.where('s.handling_code', 'P').where((w) => w.whereNotNull('s.premises_id').orWhereNotNull('s.vehicle_id'))
      .whereRaw(`(s.premises_id is null or not exists (select 1 from premises lp where lp.id = s.premises_id and ${sensitivePremises('lp')}))`, [SENSITIVE_BINDING]);
  }
  if (f.bbox) {
    // Compare against an envelope in the column's SRID so the GiST index is used.
    const boxes = splitAntimeridian(f.bbox);
    q.where((w) => {
      for (const b of boxes) w.orWhereRaw('s.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)', [b.west, b.south, b.east, b.north]);
    });
  }
  if (f.from) q.where('s.observed_at', '>=', f.from);
  if (f.to) q.where('s.observed_at', '<', f.to);
  if (f.hours) q.whereRaw('extract(hour from s.observed_at at time zone ?)::int = any(?::int[])', [timeZone, hoursOf(f.hours)]);
  if (f.days) {
    // With an hour window across midnight a weekday is the night that starts on it (Friday 22:00 to Saturday 04:00):
    // the local wall-clock time is moved back by the window's end hour before its weekday is taken.
    const shift = f.hours ? nightShift(f.hours) : 0;
    q.whereRaw("extract(isodow from (s.observed_at at time zone ?) - ? * interval '1 hour')::int = any(?::int[])", [timeZone, shift, f.days.map(isoDow)]);
  }
  if (f.categories) q.whereIn('s.category', f.categories);
  if (f.agencies) q.whereIn('s.source_agency', f.agencies);
  if (f.models) q.whereIn('s.grooming_model', f.models);
  if (f.premisesId) q.where('s.premises_id', f.premisesId);
  if (f.vehicleId) q.where('s.vehicle_id', f.vehicleId);
  // Spatial rather than by the derived area_id, so hot spot and patrol zones work as well as wards.
  if (f.areaId) q.whereRaw('ST_Intersects(s.geom, (select a.geom from areas a where a.id = ?))', [f.areaId]);
  if (f.indicators) q.whereRaw('s.indicators && ?::text[]', [f.indicators]);
  if (f.near) {
    const { lon, lat, radius, orPremisesId } = f.near;
    // The bbox test (degrees generous for Great Britain's latitudes) lets the GiST index work; geography gives metres.
    q.where((w) => {
      w.whereRaw(
        `(s.geom && ST_Expand(ST_SetSRID(ST_MakePoint(?, ?), 4326), ?) and ST_DWithin(s.geom::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?))`,
        [lon, lat, radius / 50_000, lon, lat, radius],
      );
      if (orPremisesId) w.orWhere('s.premises_id', orPremisesId);
    });
  }
  if (f.within) q.whereRaw('ST_Intersects(s.geom, ST_SetSRID(ST_GeomFromGeoJSON(?), 4326))', [JSON.stringify(f.within)]);
  if (f.cells) {
    // The stored BNG metres give each sighting's lattice cell by one division, as the gate's cells are made.
    q.whereRaw('(floor(s.bng_e / ?::float8)::int, floor(s.bng_n / ?::float8)::int) in (select * from unnest(?::int[], ?::int[]))', [f.cells.size, f.cells.size, f.cells.ix, f.cells.iy]);
  }
  if (f.lattice) {
    // The hot spot analysis's own cell arithmetic, so a listed cell holds exactly the sightings it counted.
    const idx = cellIndexSql(f.lattice.shape);
    q.whereRaw(
      `exists (select 1 from (select s.bng_e as x, s.bng_n as y) p, (select ?::float8 as s, ?::float8 as w) k where ${idx.col} = ? and ${idx.row} = ?)`,
      [f.lattice.size, Math.sqrt(3) * f.lattice.size, f.lattice.col, f.lattice.row],
    );
  }
  if (f.mercatorCells) {
    const m = f.mercatorCells;
    q.whereRaw('(floor(s.merc_x / ?::float8)::int, floor(s.merc_y / ?::float8)::int) in (select * from unnest(?::int[], ?::int[]))', [m.size, m.size, m.ix, m.iy]);
  }
  return q;
}

/** Newest first; fetches one more than the limit so the caller can tell whether more matched. `offset` skips that many (paging). */
export async function list(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope, limit: number, offset = 0): Promise<SightingSummary[]> {
  // Names beside the ids, so that a list reads without a look-up per row.
  const columns = `${summaryColumns}, (select p.name from premises p where p.id = s.premises_id) as "premisesName",
    (select v.plate from vehicles v where v.id = s.vehicle_id) as "vehiclePlate"`;
  const q = knex({ s: 'sightings' }).select(knex.raw(columns)).orderBy([{ column: 's.observed_at', order: 'desc' }, 's.id']).limit(limit + 1).offset(offset);
  return (await applyFilters(q, f, timeZone, scope)) as SightingSummary[];
}

export async function count(knex: Knex, f: SightingFilters, timeZone: string, scope: Scope): Promise<number> {
  const q = knex({ s: 'sightings' }).count({ n: '*' });
  const [row] = await applyFilters(q, f, timeZone, scope);
  return Number((row as { n: number | string }).n);
}

export async function findById(knex: Knex, id: string, scope: Scope): Promise<Sighting | undefined> {
  // Provenance and how the place was found: on the record panel, not in exports; subjects for the full scope only.
  const subjects = scope === 'all' ? `, ${sightingSubjectsSql('s.id')} as subjects` : '';
  const q = knex({ s: 'sightings' })
    .select(knex.raw(`${recordColumns(scope)}${subjects}, s.submission_id as "submissionId",
      (select sub.reference from submissions sub where sub.id = s.submission_id) as "submissionReference", s.location_method as "locationMethod"`))
    .where('s.id', id)
    .first();
  return (await applyFilters(q, {}, 'UTC', scope)) as Sighting | undefined;
}

export interface SightingRow {
  observed_at?: Date;
  reported_at?: Date;
  lon?: number;
  lat?: number;
  precision_m?: number | null;
  category?: string;
  grooming_model?: string;
  source_agency?: string;
  source_eval?: number;
  intel_assessment?: string;
  handling_code?: string;
  premises_id?: string | null;
  vehicle_id?: string | null;
  narrative?: string | null;
  indicators?: string[];
  external_ref?: string | null;
  review_due?: string;
  created_by?: string | null;
  /** The partner submission this sighting was triaged from. */
  submission_id?: string | null;
  location_method?: string | null;
}

function columnsOf(knex: Knex, row: SightingRow): Record<string, unknown> {
  const { lon, lat, ...rest } = row;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  if (lon !== undefined && lat !== undefined) out.geom = knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lon, lat]);
  return out;
}

export async function insert(trx: Knex.Transaction, row: SightingRow): Promise<string> {
  const [r] = await trx('sightings').insert(columnsOf(trx, row)).returning('id');
  return (r as { id: string }).id;
}

/** Updates a live sighting; returns false when there is none with that id. */
export async function update(trx: Knex.Transaction, id: string, row: SightingRow): Promise<boolean> {
  const n = await trx('sightings')
    .update({ ...columnsOf(trx, row), updated_at: trx.fn.now() })
    .where({ id })
    .whereNull('deleted_at');
  return n > 0;
}

export async function softDelete(trx: Knex.Transaction, id: string, by: string, reason: string): Promise<boolean> {
  const n = await trx('sightings')
    .update({ deleted_at: trx.fn.now(), deleted_by: by, delete_reason: reason, updated_at: trx.fn.now() })
    .where({ id })
    .whereNull('deleted_at');
  return n > 0;
}
