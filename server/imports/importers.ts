import { countCrossings, isShapeProblem, readAreaShape } from '../geo/areaShape.js';
import { AREA_KINDS } from '../lists.js';
import { unprocessable, type FieldError } from '../http/errors.js';
import { openSource, readRow, rejectOutside, type Ctx } from './context.js';
import { geoJsonRecords } from './records.js';
import * as repo from './repo.js';
import { bngPointsToWgs84 } from '../geo/repo.js';
import { readPremises, readVehicle, type Place, type PremisesImport } from './rows.js';

/** Premises and vehicles are written in batches of this many rows. */
const BATCH = 2000;

/** Places given as British National Grid become WGS84 (one PostGIS call per batch); all must lie in the operating area. */
async function resolvePlaces<T extends { line: number; place: Place }>(c: Ctx, rows: T[]): Promise<(T & { lon: number; lat: number })[]> {
  const bng = rows.filter((r) => 'easting' in r.place);
  const wgs = await bngPointsToWgs84(c.trx, bng.map((r) => { const p = r.place as { easting: number; northing: number }; return { x: p.easting, y: p.northing }; }), false);
  const at = new Map(bng.map((r, i) => [r, wgs[i]!]));
  const out: (T & { lon: number; lat: number })[] = [];
  for (const r of rows) {
    const p = at.get(r) ?? (r.place as { lon: number; lat: number });
    if (rejectOutside(c, r.line, p, 'easting' in r.place)) continue;
    out.push({ ...r, lon: p.lon, lat: p.lat });
  }
  return out;
}

/** Premises keyed by external ref, placed by lat/lon or grid reference. */
export async function importPremises(c: Ctx, file: string): Promise<void> {
  let batch: (PremisesImport & { line: number })[] = [];
  const flush = async () => {
    const located = await resolvePlaces(c, batch);
    const ready = located.map(({ place: _p, line: _l, ...rest }) => ({ ...rest, createdBy: c.actor.userId }));
    if (c.writing()) c.tally.landed(ready.length, await repo.upsertPremises(c.trx, ready, c.opts.onDuplicate));
    batch = [];
    c.tally.report();
  };
  for await (const rec of await openSource(c, file)) {
    c.tally.read(rec);
    const row = readRow(c, rec, readPremises);
    if (!row) continue;
    batch.push({ ...row, line: rec.line });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
}

/** Vehicles keyed by plate, linked to their operator's premises by licence or reference. */
export async function importVehicles(c: Ctx, file: string): Promise<void> {
  const premises = await repo.premisesRefs(c.trx);
  let batch: repo.ReadyVehicle[] = [];
  const flush = async () => {
    if (c.writing()) c.tally.landed(batch.length, await repo.upsertVehicles(c.trx, batch, c.opts.onDuplicate));
    batch = [];
    c.tally.report();
  };
  const plates = new Set<string>();
  for await (const rec of await openSource(c, file)) {
    c.tally.read(rec);
    const row = readRow(c, rec, readVehicle);
    if (!row) continue;
    const { operatorRef, ...v } = row;
    const operatorId = operatorRef ? premises.get(operatorRef.toUpperCase()) : null;
    if (operatorId === undefined) {
      c.tally.reject(rec.line, [{ path: 'operator_ref', message: `no premises with licence or reference "${operatorRef}"` }]);
      continue;
    }
    // A plate twice in one file: the first stands, later ones count as duplicates.
    if (plates.has(v.plate)) {
      c.tally.counts.duplicates++;
      continue;
    }
    plates.add(v.plate);
    batch.push({ ...v, operatorId, createdBy: c.actor.userId });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
}

const pick = (cells: Record<string, string | undefined>, exact: string, suffix: string) =>
  cells[exact] ?? Object.entries(cells).find(([k, v]) => k.endsWith(suffix) && v)?.[1];

/**
 * Residents from a `population` (or `pop`) property: a whole number, thousands commas
 * allowed as ONS tables print them. Undefined when absent, null when unreadable.
 */
export function populationOf(cells: Record<string, string | undefined>): number | null | undefined {
  const raw = (cells.population ?? cells.pop)?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^(\d+|\d{1,3}(,\d{3})+)$/.test(raw)) return null;
  const n = Number(raw.replaceAll(',', ''));
  return Number.isSafeInteger(n) && n <= 2_147_483_647 ? n : null;
}

/**
 * Repair (ST_MakeValid) is refused for an area whose edges cross more often than this:
 * its cost grows much faster with the crossings than with the vertices.
 */
export const MAX_REPAIR_CROSSINGS = 1000;

/**
 * Ward boundaries and other areas, from GeoJSON in EPSG:4326 or 27700 (e.g. ONS boundaries: WD22CD / WD22NM).
 * Each area's shape and size are checked in Node before any SQL (at most
 * `config.areaMaxVertices` vertices; for repair, at most MAX_REPAIR_CROSSINGS edge
 * crossings), so that PostGIS's validity check and repair take bounded time even on
 * the embedded database, whose single connection no statement timeout interrupts.
 */
export async function importAreas(c: Ctx, file: string): Promise<void> {
  if (c.opts.format !== 'geojson') throw unprocessable('Areas are imported from GeoJSON.', [{ path: '', message: 'send application/geo+json' }]);
  const doc = geoJsonRecords(file);
  const srid = doc.srid ?? c.opts.srid ?? 4326;
  const changed: string[] = [];
  for (const rec of doc.records) {
    c.tally.read(rec);
    if (rec.problem) {
      c.tally.reject(rec.line, [{ path: '', message: rec.problem }]);
      continue;
    }
    const name = pick(rec.cells, 'name', 'nm');
    const code = pick(rec.cells, 'code', 'cd') ?? null;
    const kind = (rec.cells.kind ?? 'ward').toLowerCase();
    const errors: FieldError[] = [];
    if (!name) errors.push({ path: 'properties.name', message: 'is required (name, or an ONS …NM field)' });
    if (!(AREA_KINDS as readonly string[]).includes(kind)) errors.push({ path: 'properties.kind', message: `unknown kind "${kind}"` });
    const population = populationOf(rec.cells);
    if (population === null) errors.push({ path: 'properties.population', message: 'must be a whole number of residents, 0 or more' });
    const g = rec.geometry;
    const shape = g ? readAreaShape(g, c.config.areaMaxVertices) : undefined;
    if (!shape || (isShapeProblem(shape) && shape.path === 'type')) errors.push({ path: 'geometry', message: 'must be a Polygon or MultiPolygon' });
    else if (isShapeProblem(shape)) errors.push({ path: `geometry.${shape.path}`, message: shape.message });
    else if (!c.opts.repair) {
      const problem = await repo.geometryProblem(c.trx, g!, srid).catch((e: Error) => e.message);
      if (problem) errors.push({ path: 'geometry', message: `invalid: ${problem} (add ?repair=true to repair with ST_MakeValid)` });
    } else {
      const crossings = countCrossings(shape.rings, MAX_REPAIR_CROSSINGS);
      if (crossings === 'too complex' || crossings >= MAX_REPAIR_CROSSINGS) {
        errors.push({ path: 'geometry', message: `its edges cross ${crossings === 'too complex' ? 'too intricately' : `${MAX_REPAIR_CROSSINGS.toLocaleString('en-GB')} times or more`} to repair in bounded time; repair or simplify it in a GIS first` });
      }
    }
    if (errors.length) {
      c.tally.reject(rec.line, errors);
      continue;
    }
    if (!c.writing()) continue;
    const r = await repo.upsertArea(c.trx, { name: name!, kind, code, population: population ?? null, geometry: g!, srid, createdBy: c.actor.userId }, c.opts.onDuplicate);
    c.tally.counts[r.outcome === 'inserted' ? 'inserted' : r.outcome === 'updated' ? 'updated' : 'duplicates']++;
    if (r.id) changed.push(r.id);
  }
  if (c.writing() && changed.length > 0) await repo.rederiveAreas(c.trx, changed);
}
