import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { forbidden, unprocessable } from '../http/errors.js';
import { record } from '../audit/service.js';
import { mayReadRestrictedFields, recordScope } from '../auth/policy.js';
import { describeFilters, type SightingFilters } from '../sightings/filters.js';
import { visibleTo } from '../sightings/service.js';
import type { Caller } from '../http/auth.js';
import { MARKING, toCsv, toGeoJson, toGeoPackage } from './formats.js';
import * as repo from './repo.js';
import { MAX_EXPORT, SIGHTING_EXPORT_FIELDS, type ExportFormat } from './schema.js';

export interface ExportFile {
  body: string | Uint8Array;
  contentType: string;
  filename: string;
  count: number;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
  gpkg: 'application/geopackage+sqlite3',
};

/** "2026-12-02T0915Z": a file-name-safe UTC time. */
const stamp = (d: Date) => d.toISOString().slice(0, 16).replace(':', '') + 'Z';

/**
 * Sightings under the filters as a file: a disclosure, so it is audited as `export`
 * with the filters, the format, the count, a digest of the ids disclosed and (through
 * the actor) the session's purpose. Licensing officers get their permitted subset (P-coded,
 * linked to premises or vehicles) without narratives or subject references.
 */
export async function exportSightings(db: Db, config: Config, caller: Caller, f: SightingFilters, format: ExportFormat): Promise<ExportFile> {
  const scope = recordScope(caller.role);
  if (scope === 'none') throw forbidden(`The ${caller.role} role exports aggregated reports, not individual sightings.`);
  const rows = await db.read(caller.readAfter, (k) => repo.records(k, f, config.timeZone, scope, MAX_EXPORT));
  const audit = { ...describeFilters(f), format };
  if (rows.length > MAX_EXPORT) {
    await record(db, caller, { action: 'export', targetType: 'sighting', query: { ...audit, matched: `>${MAX_EXPORT}` }, outcome: '422 too many' });
    throw unprocessable(`More than ${MAX_EXPORT} sightings match; narrow the filters (e.g. from/to or bbox).`);
  }
  const visible = rows.map((s) => visibleTo(caller.role, s));
  const fields = SIGHTING_EXPORT_FIELDS.filter((x) => !x.restricted || mayReadRestrictedFields(caller.role));
  const at = new Date();
  const idsSha256 = createHash('sha256').update(visible.map((s) => s.id).join('\n')).digest('hex');
  await record(db, caller, { action: 'export', targetType: 'sighting', query: { ...audit, count: visible.length, idsSha256 }, outcome: 'ok' });

  const description = `${MARKING}. Lantern sightings exported ${at.toISOString()} by ${caller.username} for: ${caller.purpose ?? ''}`;
  const filename = `lantern-sightings-${stamp(at)}.${format}`;
  const done = (body: string | Uint8Array): ExportFile => ({ body, contentType: CONTENT_TYPES[format], filename, count: visible.length });
  if (format === 'csv') return done(toCsv(visible, fields));
  if (format === 'gpkg') return done(await toGeoPackage(visible, fields, { table: 'sightings', identifier: 'Lantern sightings', description }));
  const meta = { name: 'Lantern sightings', marking: MARKING, exportedAt: at.toISOString(), numberReturned: visible.length };
  return done(JSON.stringify(toGeoJson(visible, fields, meta)));
}
