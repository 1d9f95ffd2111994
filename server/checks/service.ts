import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { badRequest } from '../http/errors.js';
import { record } from '../audit/service.js';
import { maySeeSensitiveSites } from '../auth/policy.js';
import { aggregateScopeOf } from '../map/repo.js';
import type { Caller } from '../http/auth.js';
import { normalisePlate } from '../vehicles/plate.js';
import * as repo from './repo.js';
import { gateFor, type Gate } from '../disclosure/gate.js';
import type { Count } from '../disclosure/suppress.js';
import { MAX_CHECK_ENTRIES, type CheckEntry, type CheckKind, type CheckResult, type CheckRow } from './schema.js';

const DAY = 86_400_000;
/** Sightings this recent (before the period's end) raise the `recent_sightings` flag. */
const RECENT_DAYS = 90;
const COLUMNS: Record<string, CheckKind> = { licence_ref: 'licence_ref', plate: 'plate' };

/** "Licence Ref" and "licence-ref" are the same column, as in imports. */
const headerName = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

function tooMany(n: number): never {
  throw badRequest(`A bulk check takes at most ${MAX_CHECK_ENTRIES} entries; this one has ${n}. Split the file.`, [{ path: '', message: `more than ${MAX_CHECK_ENTRIES} entries` }]);
}

/**
 * The entries of an uploaded CSV: every non-empty `licence_ref` or `plate` cell (a row
 * may hold both), numbered by file line (header = 1). 400 when neither column is there.
 */
export function entriesFromCsv(text: string): CheckEntry[] {
  let header: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      columns: (h: string[]) => (header = h.map(headerName)),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    });
  } catch (err) {
    // csv-parse's codes are not all CSV_… (INVALID_OPENING_QUOTE): its error class is the test.
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? err.lines : undefined;
      throw badRequest(`The file is not valid CSV near line ${line ?? '?'}: ${err.message}`, [{ path: line ? `rows.${line}` : '', message: err.message }]);
    }
    throw err;
  }
  if (!header.some((h) => h in COLUMNS)) {
    const seen = header.length ? `"${header.join(',').slice(0, 200)}"` : 'an empty file';
    throw badRequest('The file needs a header row with a licence_ref or a plate column.', [{ path: 'header', message: `no licence_ref or plate column in ${seen}` }]);
  }
  const out: CheckEntry[] = [];
  for (const { record: cells, info } of records) {
    // info.lines is where the record ends; a quoted cell may span lines, so count back to its start.
    const row = info.lines - Object.values(cells).reduce((n, v) => n + (v?.match(/\n/g)?.length ?? 0), 0);
    for (const [column, kind] of Object.entries(COLUMNS)) {
      const v = cells[column];
      if (v) out.push({ row, kind, input: v });
    }
    if (out.length > MAX_CHECK_ENTRIES) tooMany(out.length);
  }
  if (!out.length) throw badRequest('The file has no licence references or plates to check.', [{ path: '', message: 'no entries' }]);
  return out;
}

/** The entries of a JSON check, numbered from 1 in the order given (licence refs first). */
export function entriesFromJson(v: { licenceRefs?: string[] | undefined; plates?: string[] | undefined }): CheckEntry[] {
  const all = [
    ...(v.licenceRefs ?? []).map((input) => ({ kind: 'licence_ref' as const, input })),
    ...(v.plates ?? []).map((input) => ({ kind: 'plate' as const, input })),
  ];
  if (all.length > MAX_CHECK_ENTRIES) tooMany(all.length);
  return all.map((e, i) => ({ row: i + 1, ...e }));
}

const blank = (e: CheckEntry, normalised: string | null): CheckRow => ({
  ...e,
  normalised,
  found: false,
  id: null,
  name: null,
  postcode: null,
  plate: null,
  licenceRef: null,
  licenceStatus: null,
  licenceNo: null,
  operator: null,
  sightings: 0,
  recentSightings: 0,
  makesafeIndicators: 0,
  intel: 0,
  flags: [],
});

/**
 * A row's counts as its reader may see them: for licensing officers they cover sightings
 * they may not read, so they pass the disclosure gate, and the flags follow the shown
 * counts (a flag for one sighting would say that it exists).
 */
function shownCounts(gate: Gate, c: repo.SightingCounts): repo.SightingCounts {
  const n = (x: number) => {
    const p = gate.count(x);
    return typeof p === 'number' ? p : 0;
  };
  return gate.restricted ? { total: n(c.total), recent: n(c.recent), indicators: n(c.indicators) } : c;
}

/** Flags raised by a found entry's counts. */
function countFlags(c: repo.SightingCounts, intel: number): string[] {
  return [
    ...(c.total > 0 ? ['sightings'] : []),
    ...(c.recent > 0 ? ['recent_sightings'] : []),
    ...(c.indicators > 0 ? ['makesafe'] : []),
    ...(intel > 0 ? ['intel'] : []),
  ];
}

/** A found row's count fields, through the gate, and the flags they raise. */
function countFields(gate: Gate, c: repo.SightingCounts, intel: number): { counts: Pick<CheckRow, 'sightings' | 'recentSightings' | 'makesafeIndicators' | 'intel'>; flags: string[] } {
  return {
    counts: { sightings: gate.count(c.total) as Count, recentSightings: gate.count(c.recent) as Count, makesafeIndicators: gate.count(c.indicators) as Count, intel },
    flags: countFlags(shownCounts(gate, c), intel),
  };
}

export interface CheckOptions {
  from?: Date | undefined;
  to?: Date | undefined;
  radius?: number | undefined;
  format: 'json' | 'csv';
}

/**
 * Looks every entry up and counts what is known about it over the period (default: the
 * last year), as a premises profile counts: sightings within `radius` metres or linked
 * (premises) or linked (vehicles), Makesafe indicators, intelligence. Audited as a
 * consultation, or as a disclosure when the table is downloaded.
 */
export async function check(db: Db, config: Config, actor: Caller, entries: CheckEntry[], o: CheckOptions): Promise<CheckResult> {
  // Restricted readers (licensing) get the gate's counts: whole days, a radius on the ladder, bands.
  // A caller with no role (the system) gets the restricted gate, as a planner would.
  const gate = gateFor(actor.role, config.timeZone, config.operatingArea);
  const asked = o.to ?? new Date();
  const { from, to } = gate.period({ from: o.from ?? new Date(asked.getTime() - 365 * DAY), to: asked }) as { from: Date; to: Date };
  const recentFrom = gate.period({ from: new Date(Math.max(from.getTime(), to.getTime() - RECENT_DAYS * DAY)) }).from!;
  const radius = gate.radius(o.radius ?? 100);
  const tz = config.timeZone;

  const plates = new Map(entries.filter((e) => e.kind === 'plate').map((e) => [e, normalisePlate(e.input) ?? null]));
  // Sensitive sites (children's homes, refuges) are not found by a role that may not see them.
  const hideSensitive = !maySeeSensitiveSites(actor.role);
  const premises = await repo.premisesByLicenceRefs(db.knex, entries.filter((e) => e.kind === 'licence_ref').map((e) => e.input), { hideSensitive });
  const vehicles = await repo.vehiclesByPlates(db.knex, [...new Set([...plates.values()].filter((p): p is string => p !== null))], { hideSensitive });
  const byRef = new Map(premises.map((p) => [p.licenceRef.trim().toUpperCase(), p]));
  const byPlate = new Map(vehicles.map((v) => [v.plate, v]));
  const premisesIntel = await repo.intelCounts(db.knex, 'premises', premises.map((p) => p.id));
  const vehicleIntel = await repo.intelCounts(db.knex, 'vehicle', vehicles.map((v) => v.id));
  // The same premises or plate listed twice is counted once.
  const counted = new Map<string, Promise<repo.SightingCounts>>();
  const countsOf = (id: string, f: () => Promise<repo.SightingCounts>) => {
    if (!counted.has(id)) counted.set(id, f());
    return counted.get(id)!;
  };

  const rows: CheckRow[] = [];
  for (const e of entries) {
    if (e.kind === 'licence_ref') {
      const ref = e.input.trim().toUpperCase();
      const p = byRef.get(ref);
      if (!p) {
        rows.push({ ...blank(e, ref), flags: ['not_found'] });
        continue;
      }
      const c = await countsOf(p.id, () => repo.sightingCounts(db.knex, { from, to, near: { lon: p.lon, lat: p.lat, radius, orPremisesId: p.id } }, tz, recentFrom, aggregateScopeOf(gate.restricted)));
      const k = countFields(gate, c, premisesIntel.get(p.id) ?? 0);
      rows.push({
        ...blank(e, ref),
        found: true,
        id: p.id,
        name: p.name,
        postcode: p.postcode,
        licenceRef: p.licenceRef,
        licenceStatus: p.licenceStatus,
        ...k.counts,
        flags: [...(p.licenceStatus !== 'active' ? [`licence_${p.licenceStatus}`] : []), ...k.flags],
      });
    } else {
      const plate = plates.get(e)!;
      if (!plate) {
        rows.push({ ...blank(e, null), flags: ['invalid'] });
        continue;
      }
      const v = byPlate.get(plate);
      if (!v) {
        rows.push({ ...blank(e, plate), flags: ['not_found'] });
        continue;
      }
      const c = await countsOf(v.id, () => repo.sightingCounts(db.knex, { from, to, vehicleId: v.id }, tz, recentFrom, aggregateScopeOf(gate.restricted)));
      const k = countFields(gate, c, vehicleIntel.get(v.id) ?? 0);
      rows.push({
        ...blank(e, plate),
        found: true,
        id: v.id,
        name: [v.colour, v.make].filter(Boolean).join(' ') || null,
        plate: v.plate,
        licenceStatus: v.operatorLicenceStatus,
        licenceNo: v.licenceNo,
        operator: v.operator,
        ...k.counts,
        flags: [
          ...(v.licenceNo ? [] : ['no_licence_number']),
          ...(v.operatorLicenceStatus && v.operatorLicenceStatus !== 'active' ? [`licence_${v.operatorLicenceStatus}`] : []),
          ...k.flags,
        ],
      });
    }
  }

  await record(db, actor, {
    action: o.format === 'csv' ? 'export' : 'consult',
    targetType: 'check',
    targetIds: [...new Set(rows.flatMap((r) => (r.id ? [r.id] : [])))],
    query: { entries: entries.length, found: rows.filter((r) => r.found).length, format: o.format, from: from.toISOString(), to: to.toISOString(), radius },
    outcome: 'ok',
  });
  return { period: { from: from.toISOString(), to: to.toISOString() }, radius, recentDays: RECENT_DAYS, rows };
}
