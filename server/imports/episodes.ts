import { recordIn } from '../audit/service.js';
import { containsPoint } from '../geo/bbox.js';
import { unprocessable, type FieldError } from '../http/errors.js';
import { normalisePlate } from '../vehicles/plate.js';
import * as episodes from '../episodes/repo.js';
import { episodeReviewDue } from '../episodes/service.js';
import type { BBox } from '../geo/bbox.js';
import { REQUIRED } from './columns.js';
import { openSource, readRow, type Ctx } from './context.js';
import { blank, readNumber, readText, readTime, type Read } from './fields.js';
import * as repo from './repo.js';
import type { Cells, RowResult } from './rows.js';

/**
 * Missing episodes, one CSV row per episode (issue 21). The file is taken whole or not
 * at all (service.ts): a child's episodes count towards "repeat missing", so half a
 * file would say a child went missing less often than they did. Children are named by
 * the force's reference and made subjects (children at risk) when Lantern has none.
 */

export interface EpisodeImport {
  externalRef: string | null;
  subjectRef: string;
  premisesRef: string | null;
  from: { lon: number; lat: number } | null;
  reportedMissingAt: Date;
  foundTime: Date | null;
  found: { lon: number; lat: number } | null;
  precisionM: number | null;
  plate: string | null;
  returnedByRef: string | null;
  notes: string | null;
}

const FUTURE_SLACK_MS = 5 * 60_000;

/** A pair of coordinates given together or not at all; a half pair is named on its empty half. */
function pair(c: Cells, errors: FieldError[], latField: string, lonField: string): { lon: number; lat: number } | null | undefined {
  const lat = take(errors, latField, readNumber(c[latField], 'latitude', -90, 90));
  const lon = take(errors, lonField, readNumber(c[lonField], 'longitude', -180, 180));
  if (lat !== undefined && lon !== undefined) return { lon, lat };
  if (blank(c[latField]) && blank(c[lonField])) return null;
  if (lat === undefined && blank(c[latField])) errors.push({ path: latField, message: `goes with ${lonField}` });
  if (lon === undefined && blank(c[lonField])) errors.push({ path: lonField, message: `goes with ${latField}` });
  return undefined;
}

function take<T>(errors: FieldError[], field: string, r: Read<T>): T | undefined {
  if (r.error) errors.push({ path: field, message: r.error });
  else if (r.value === undefined && REQUIRED.episodes.has(field)) errors.push({ path: field, message: 'is required' });
  return r.value;
}

function outside(area: BBox, p: { lon: number; lat: number } | null | undefined): boolean {
  return !!p && !containsPoint(area, p.lon, p.lat);
}

/** Reads one episode row: every bad field named with its reason. */
export function readEpisode(c: Cells, timeZone: string, area: BBox, now = new Date()): RowResult<EpisodeImport> {
  const errors: FieldError[] = [];
  const subjectRef = take(errors, 'subject_ref', readText(c.subject_ref, 'subject_ref', 100));
  const premisesRef = take(errors, 'missing_from_premises_ref', readText(c.missing_from_premises_ref, 'missing_from_premises_ref', 200)) ?? null;
  const from = pair(c, errors, 'missing_from_lat', 'missing_from_lon');
  if (premisesRef && from) errors.push({ path: 'missing_from_premises_ref', message: 'give missing_from_premises_ref or missing_from_lat and missing_from_lon, not both' });
  if (!premisesRef && from === null && !errors.some((e) => e.path === 'missing_from_premises_ref')) {
    errors.push({ path: 'missing_from', message: 'where the child went missing from is required: missing_from_premises_ref, or missing_from_lat and missing_from_lon' });
  }
  if (outside(area, from)) errors.push({ path: 'missing_from_lat', message: `(${from!.lat}, ${from!.lon}) is outside the operating area` });
  const reportedMissingAt = take(errors, 'reported_missing_at', readTime(c.reported_missing_at, timeZone));
  if (reportedMissingAt && reportedMissingAt.getTime() > now.getTime() + FUTURE_SLACK_MS) errors.push({ path: 'reported_missing_at', message: 'is in the future' });
  const foundTime = take(errors, 'found_time', readTime(c.found_time, timeZone)) ?? null;
  if (foundTime && reportedMissingAt && foundTime < reportedMissingAt) errors.push({ path: 'found_time', message: 'is before reported_missing_at' });
  const found = pair(c, errors, 'found_lat', 'found_lon');
  if (outside(area, found)) errors.push({ path: 'found_lat', message: `(${found!.lat}, ${found!.lon}) is outside the operating area` });
  const precisionM = take(errors, 'found_precision_m', readNumber(c.found_precision_m, 'precision', 1, 100_000)) ?? null;
  if (precisionM !== null && !Number.isInteger(precisionM)) errors.push({ path: 'found_precision_m', message: 'must be whole metres' });
  if (precisionM !== null && found === null) errors.push({ path: 'found_precision_m', message: 'needs found_lat and found_lon' });
  let plate: string | null = null;
  if (!blank(c.returned_by_plate)) {
    plate = normalisePlate(c.returned_by_plate!) ?? null;
    if (!plate) errors.push({ path: 'returned_by_plate', message: `"${c.returned_by_plate}" is not a vehicle registration` });
  }
  const returnedByRef = take(errors, 'returned_by_subject_ref', readText(c.returned_by_subject_ref, 'returned_by_subject_ref', 100)) ?? null;
  if (plate && returnedByRef) errors.push({ path: 'returned_by_subject_ref', message: 'give returned_by_plate or returned_by_subject_ref, not both' });
  const notes = take(errors, 'notes', readText(c.notes, 'notes', 10_000)) ?? null;
  const externalRef = take(errors, 'external_ref', readText(c.external_ref, 'external_ref', 200)) ?? null;
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    row: { externalRef, subjectRef: subjectRef!, premisesRef, from: from ?? null, reportedMissingAt: reportedMissingAt!, foundTime, found: found ?? null, precisionM, plate, returnedByRef, notes },
  };
}

type Ready = EpisodeImport & { line: number; premisesId: string | null; vehicleId: string | null };

/** Reads and checks every row, then (when none is bad) writes subjects and episodes. */
export async function importEpisodes(c: Ctx, file: string): Promise<void> {
  if (c.opts.format !== 'csv') throw unprocessable('Missing episodes are imported from CSV.', [{ path: '', message: 'send text/csv' }]);
  const premises = await repo.premisesRefs(c.trx);
  const plates = await repo.plateIds(c.trx);
  const rows: Ready[] = [];
  const lineOfRef = new Map<string, number>();
  for await (const rec of await openSource(c, file)) {
    c.tally.read(rec);
    const row = readRow(c, rec, (cells) => readEpisode(cells, c.config.timeZone, c.config.operatingArea));
    if (!row) continue;
    const errors: FieldError[] = [];
    const premisesId = row.premisesRef ? premises.get(row.premisesRef.toUpperCase()) : null;
    const vehicleId = row.plate ? plates.get(row.plate) : null;
    if (premisesId === undefined) errors.push({ path: 'missing_from_premises_ref', message: `no premises with licence or reference "${row.premisesRef}"` });
    if (vehicleId === undefined) errors.push({ path: 'returned_by_plate', message: `no vehicle with plate ${row.plate}` });
    // One episode per reference: a second row of it in one file is a mistake, not an update.
    const earlier = row.externalRef === null ? undefined : lineOfRef.get(row.externalRef);
    if (earlier !== undefined) errors.push({ path: 'external_ref', message: `repeats line ${earlier}` });
    else if (row.externalRef !== null) lineOfRef.set(row.externalRef, rec.line);
    if (errors.length) {
      c.tally.reject(rec.line, errors);
      continue;
    }
    rows.push({ ...row, line: rec.line, premisesId: premisesId ?? null, vehicleId: vehicleId ?? null });
  }
  c.tally.report();

  const refs = [...new Set(rows.flatMap((r) => [r.subjectRef, r.returnedByRef ?? []].flat()))];
  const known = await episodes.subjectsByRef(c.trx, refs);
  const existing = await episodes.byExternalRefs(c.trx, [...lineOfRef.keys()]);
  for (const r of rows) {
    const child = known.get(r.subjectRef.toUpperCase());
    const errors: FieldError[] = [];
    if (child && child.kind !== 'child_at_risk') errors.push({ path: 'subject_ref', message: `"${r.subjectRef}" is a ${child.kind.replaceAll('_', ' ')}, not a child at risk` });
    if (r.externalRef !== null && existing.get(r.externalRef)?.deleted) errors.push({ path: 'external_ref', message: `the episode "${r.externalRef}" was deleted; give a new reference` });
    if (errors.length) c.tally.reject(r.line, errors);
  }
  if (c.tally.counts.rejectedCount > 0) return;

  const ids = await makeSubjects(c, rows, known);
  const today = new Date();
  for (const r of rows) {
    const row: episodes.EpisodeRow = {
      subject_id: ids.get(r.subjectRef.toUpperCase())!,
      missing_from_premises_id: r.premisesId,
      from: r.from ?? undefined,
      reported_missing_at: r.reportedMissingAt,
      found_time: r.foundTime,
      found: r.found,
      found_precision_m: r.precisionM,
      returned_by_vehicle_id: r.vehicleId,
      returned_by_subject_id: r.returnedByRef ? ids.get(r.returnedByRef.toUpperCase())! : null,
      notes: r.notes,
    };
    const had = r.externalRef === null ? undefined : existing.get(r.externalRef);
    if (!had) {
      await episodes.insert(c.trx, { ...row, external_ref: r.externalRef, review_due: episodeReviewDue(c.config, today), created_by: c.actor.userId });
      c.tally.counts.inserted++;
    } else if (c.opts.onDuplicate === 'update') {
      await episodes.update(c.trx, had.id, row);
      c.tally.counts.updated++;
    } else c.tally.counts.duplicates++;
  }
  c.tally.report();
}

/**
 * Subjects for the references Lantern does not hold yet: a child named as an episode's
 * subject is a child at risk; a person who brought a child back is described only by
 * that. Their creation is audited by id, beside the import's own row.
 */
async function makeSubjects(c: Ctx, rows: Ready[], known: Map<string, { id: string }>): Promise<Map<string, string>> {
  const wanted = new Map<string, { ref: string; kind: string; description: string }>();
  for (const r of rows) {
    const key = r.subjectRef.toUpperCase();
    // The first spelling of a reference in the file is the one kept.
    if (!known.has(key) && !wanted.has(key)) wanted.set(key, { ref: r.subjectRef, kind: 'child_at_risk', description: `Child at risk ${r.subjectRef} (from an import of missing episodes)` });
  }
  for (const r of rows) {
    const key = r.returnedByRef?.toUpperCase();
    if (key && !known.has(key) && !wanted.has(key)) wanted.set(key, { ref: r.returnedByRef!, kind: 'unknown_adult', description: `Person who brought a child back from a missing episode, ${r.returnedByRef} (from an import)` });
  }
  const reviewDue = episodeReviewDue(c.config);
  const made = await episodes.insertSubjects(c.trx, [...wanted.values()].map((s) => ({ ...s, reviewDue, createdBy: c.actor.userId })));
  if (made.size) await recordIn(c.trx, c.actor, { action: 'create', targetType: 'subject', targetIds: [...made.values()], query: { via: 'episodes import', fileName: c.opts.fileName }, outcome: 'ok' });
  return new Map([...[...known].map(([k, v]) => [k, v.id] as [string, string]), ...made]);
}
