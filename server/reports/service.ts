import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { GROOMING_MODELS, SIGHTING_CATEGORIES } from '../lists.js';
import { CATEGORY_LABELS, MODEL_LABELS, PREMISES_CATEGORY_LABELS } from '../labels.js';
import type { AreaGeometry } from '../geo/geojson.js';
import type { BBox } from '../geo/bbox.js';
import { aggregatesRestricted, mayReadPremises, maySeeSensitiveSites } from '../auth/policy.js';
import { record } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import { notFound, unprocessable } from '../http/errors.js';
import { shown, type Published } from '../disclosure/secondary.js';
import * as areas from '../areas/repo.js';
import { hotSpots } from '../hotspots/service.js';
import { nameplaces } from '../hotspots/naming.js';
import { latticePolygons } from '../hotspots/repo.js';
import { checkArea } from '../geo/area.js';
import { cellKey, cellLabel, gridRef, reportCellSize } from './cells.js';
import { change, discloseReport, type RawReport } from './disclose.js';
import { comparisons, defaultPeriod, describePeriod, MAX_MONTHS, monthLabel, monthsOf, wholeMonths, type Period } from './period.js';
import * as repo from './repo.js';
import { bngPointsToWgs84 } from '../geo/repo.js';
import { PROTECTIVE_MARKING, type AreaReport, type HotSpotCell, type PeriodInfo, type PeriodRole, type RepeatPlace, type ReportCell, type ReportFormat } from './schema.js';

/** A named area, or a polygon drawn for the report. */
export type ReportTarget = { type: 'area'; id: string } | { type: 'polygon'; geometry: AreaGeometry; name?: string };

export interface ReportRequest {
  target: ReportTarget;
  from?: Date;
  to?: Date;
  format: ReportFormat;
}

/** Hot spots listed: the cells with the most sightings. */
const TOP_CELLS = 10;
/** Repeat places listed. */
const TOP_PLACES = 10;

/** WGS84 `[lon, lat]` of BNG points, in order, to 6 decimals: map marks and places to name. */
const lonLat = async (db: Db, pts: readonly { x: number; y: number }[]): Promise<[number, number][]> =>
  (await bngPointsToWgs84(db.knex, pts, true)).map((p) => [p.lon, p.lat]);

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_MS = 31 * 86_400_000;

/** A stored code in the words the map uses for it (server/lists.ts); a code with no words as it is. */
const wordsIn = (labels: Readonly<Record<string, string>>) => (key: string): string => labels[key] ?? key;
const categoryWords = wordsIn(CATEGORY_LABELS);
const modelWords = wordsIn(MODEL_LABELS);
const premisesWords = wordsIn(PREMISES_CATEGORY_LABELS);

async function resolveTarget(db: Db, t: ReportTarget) {
  if (t.type === 'area') {
    const a = await areas.findById(db.knex, t.id);
    if (!a) throw notFound(`No area ${t.id}.`);
    return { area: { id: a.id, name: a.name, kind: a.kind as string }, geometry: a.geometry };
  }
  await checkArea(db, t.geometry);
  return { area: { id: null, name: t.name ?? 'Drawn area', kind: 'drawn' }, geometry: t.geometry };
}

/** The period asked for (or the last whole quarter), widened to whole months for restricted readers. */
function periodOf(req: ReportRequest, timeZone: string, restricted: boolean, now: Date): Period {
  let p: Period;
  if (req.from && req.to) p = { from: req.from, to: req.to };
  else if (req.from) p = { from: req.from, to: now > req.from ? now : wholeMonths({ from: req.from, to: req.from }, timeZone).to };
  else if (req.to) p = { from: defaultPeriod(req.to, timeZone).from, to: req.to };
  else p = defaultPeriod(now, timeZone);
  if (restricted) p = wholeMonths(p, timeZone);
  if (p.to.getTime() - p.from.getTime() > MAX_MONTHS * MONTH_MS) {
    throw unprocessable(`A report covers at most ${MAX_MONTHS} months.`, [{ path: 'from', message: `must be within ${MAX_MONTHS} months of to` }]);
  }
  return p;
}

const info = (p: Period, timeZone: string): PeriodInfo => ({ from: p.from.toISOString(), to: p.to.toISOString(), label: describePeriod(p, timeZone) });

const bandLabel = (b: number, h: number) => `${String(b * h).padStart(2, '0')}–${String(((b + 1) * h) % 24).padStart(2, '0')}`;

/**
 * Builds an area report for its reader: counts for the period against the previous
 * period and the same period last year, the monthly trend, weekday × time, categories,
 * grooming models, the busiest cells and repeat places, and the map's layers. Audited
 * as a disclosure ('export').
 */
export async function buildReport(db: Db, config: Config, v: Caller, req: ReportRequest, now = new Date()): Promise<AreaReport> {
  const tz = config.timeZone;
  const restricted = aggregatesRestricted(v.role);
  // Premises names appear in reports only for roles that may read premises profiles.
  const named = mayReadPremises(v.role);
  const { area, geometry } = await resolveTarget(db, req.target);
  const period = periodOf(req, tz, restricted, now);
  const { previous, lastYear } = comparisons(period, tz);

  const extent = await repo.extent(db.knex, geometry);
  const size = reportCellSize(extent);
  let region: repo.Region;
  if (restricted) {
    // Whole cells of the fixed lattice: two drawn areas can only differ by whole cells.
    const cells = await repo.wholeCells(db.knex, geometry, size);
    region = { f: cells.bbox ? { bbox: cells.bbox } : { within: geometry }, cells, scope: 'public' };
  } else {
    region = { f: area.id ? { areaId: area.id } : { within: geometry } };
  }

  const trendPeriod = wholeMonths({ from: new Date(Math.min(previous.from.getTime(), lastYear.from.getTime())), to: period.to }, tz);
  const bandHours = restricted ? 3 : 1;
  // The report's counts: the heavy reads, which a read replica may answer.
  const [current, prevN, lyN, months, grid, cats, models, cells, places] = await db.read(v.readAfter, async (k) => [
    await repo.total(k, region, period, tz),
    await repo.total(k, region, previous, tz),
    await repo.total(k, region, lastYear, tz),
    await repo.byMonth(k, region, trendPeriod, tz),
    await repo.byWeekdayBand(k, region, period, tz, bandHours),
    await repo.byField(k, region, period, tz, 'category'),
    await repo.byField(k, region, period, tz, 'grooming_model'),
    await repo.byCell(k, region, period, tz, size),
    await repo.repeatPlaces(k, region, period, tz, { hideSensitive: !maySeeSensitiveSites(v.role) }),
  ] as const);

  const within = (key: string, p: Period) => monthsOf(p, tz).includes(key);
  const raw: RawReport = {
    current,
    previous: prevN,
    lastYear: lyN,
    months: monthsOf(trendPeriod, tz).map((key) => ({
      key,
      n: months[key] ?? 0,
      periods: (['current', 'previous', 'lastYear'] as const).filter((r) => within(key, { current: period, previous, lastYear }[r])) as PeriodRole[],
    })),
    grid,
    categories: SIGHTING_CATEGORIES.map((key) => ({ key, n: cats[key] ?? 0 })),
    models: GROOMING_MODELS.map((key) => ({ key, n: models[key] ?? 0 })),
    cells: cells.map((c) => ({ key: cellKey(c.ix, c.iy, size), n: c.n })),
  };
  const pub = discloseReport(raw, restricted);

  const reportCells: ReportCell[] = cells.map((c, i) => ({ key: cellKey(c.ix, c.iy, size), ix: c.ix, iy: c.iy, size, ref: cellLabel(c.ix, c.iy, size), count: pub.cells[i]!, topCategory: restricted && !shown(pub.cells[i]!) ? null : c.topCategory, where: null }));
  // Ranked by the count as shown, so that the order cannot tell apart what rounding made equal.
  const hotspots = reportCells
    .filter((c) => shown(c.count) && c.count > 0)
    .sort((a, b) => (b.count as number) - (a.count as number) || a.key.localeCompare(b.key))
    .slice(0, TOP_CELLS);
  // Only cells already shown are named: a hidden "<5" cell gets no street either.
  const centres = await lonLat(db, hotspots.map((c) => ({ x: (c.ix + 0.5) * size, y: (c.iy + 0.5) * size })));
  (await nameplaces(db, centres, { premises: named, sensitive: maySeeSensitiveSites(v.role) })).forEach((n, i) => (hotspots[i]!.where = n.label));

  const repeatPlaces = repeatPlacesFor(places, named, restricted);
  if (repeatPlaces.named) {
    const streets = await nameplaces(db, await lonLat(db, places.slice(0, TOP_PLACES)), { premises: false });
    repeatPlaces.rows.forEach((row, i) => (row.street = streets[i]?.street ?? null));
  }
  const margin = size;
  const view = { x0: extent.x0 - margin, y0: extent.y0 - margin, x1: extent.x1 + margin, y1: extent.y1 + margin };
  const [layers, bounds, outlines, placeMarks, hotspotAnalysis] = [
    await repo.mapLayers(db.knex, view, area.id),
    await repo.viewBounds(db.knex, view),
    await latticePolygons(db.knex, 'square', size, cells.map((c) => ({ col: c.ix, row: c.iy }))),
    named ? await lonLat(db, places.slice(0, TOP_PLACES)) : [],
    await giStarCells(db, config, v, { area, geometry, period, size }),
  ];

  const report: AreaReport = {
    title: `Area report: ${area.name}`,
    area,
    marking: PROTECTIVE_MARKING,
    period: info(period, tz),
    previous: info(previous, tz),
    lastYear: info(lastYear, tz),
    timeZone: tz,
    generatedAt: now.toISOString(),
    generatedBy: { name: v.displayName ?? '', role: v.role ?? '' },
    restricted,
    disclosure: { wholeCells: restricted, wholeMonths: restricted, rounded: restricted, cellSize: size, namesShown: named },
    headline: {
      current: pub.current,
      previous: pub.previous,
      lastYear: pub.lastYear,
      changeOnPrevious: change(pub.current, pub.previous),
      changeOnLastYear: change(pub.current, pub.lastYear),
    },
    trend: raw.months.map((m, i) => ({ month: m.key, label: monthLabel(m.key), count: pub.months[i]!, periods: m.periods })),
    grid: {
      bandHours,
      days: DAYS,
      bands: Array.from({ length: 24 / bandHours }, (_, b) => (bandHours === 1 ? String(b).padStart(2, '0') : bandLabel(b, bandHours))),
      ...pub.grid,
    },
    categories: raw.categories.map((c, i) => ({ key: c.key, label: categoryWords(c.key), count: pub.categories[i]! })),
    models: raw.models.map((c, i) => ({ key: c.key, label: modelWords(c.key), count: pub.models[i]! })),
    cells: reportCells,
    hotspots,
    repeatPlaces,
    hotspotAnalysis,
    map: {
      bounds,
      area: geometry,
      wards: layers.wards,
      cells: outlines,
      places: placeMarks.map((lonLat, i) => ({ mark: i + 1, lonLat })),
    },
  };

  // The preview on screen is a consultation; every file made of it is a disclosure.
  await record(db, v, {
    action: req.format === 'json' ? 'consult' : 'export',
    targetType: area.id ? 'area_report' : 'polygon_report',
    targetIds: area.id ? [area.id] : [],
    query: { format: req.format, from: report.period.from, to: report.period.to, restricted, cellSize: size, cells: cells.length, total: current },
    outcome: 'ok',
  });
  return report;
}

/**
 * Getis-Ord Gi* hot spots of the period on the report's lattice, by the hot spot
 * service (which audits its own search): the cells significant at 90 % or more, with
 * their confidence bin only. A ward is analysed as an area; a drawn polygon over its
 * bounding box, keeping cells whose centre falls inside. Too few sightings, or no
 * variation, is a note instead.
 */
async function giStarCells(
  db: Db,
  config: Config,
  v: Caller,
  t: { area: { id: string | null }; geometry: AreaGeometry; period: Period; size: number },
): Promise<AreaReport['hotspotAnalysis']> {
  const place = t.area.id ? { areaId: t.area.id } : { bbox: bboxOf(t.geometry) };
  let fc;
  try {
    fc = await hotSpots(db, config, v, { ...place, from: t.period.from, to: t.period.to }, { cellSize: t.size, shape: 'square' });
  } catch (err) {
    if ((err as { status?: number }).status === 422) return { cells: [], note: (err as Error).message };
    throw err;
  }
  const hot = fc.features.filter((f) => f.properties.bin !== 0);
  const centres = await repo.cellCentres(db.knex, hot.map((f) => f.geometry), t.geometry);
  // Premises only for readers who may see them; for restricted readers no cell whose count they see as hidden ("<5") is named.
  const names = await nameplaces(db, await lonLat(db, centres), { premises: mayReadPremises(v.role), sensitive: maySeeSensitiveSites(v.role) });
  hot.forEach((f, i) => {
    if (fc.restricted && !(shown(f.properties.count) && f.properties.count > 0)) names[i]!.label = null;
  });
  const cells: HotSpotCell[] = hot
    .map((f, i) => ({ bin: f.properties.bin, ref: gridRef(centres[i]!.x, centres[i]!.y, 8), where: names[i]!.label, geometry: f.geometry, inside: t.area.id ? true : centres[i]!.inside }))
    .filter((c) => c.inside)
    .sort((a, b) => b.bin - a.bin || a.ref.localeCompare(b.ref))
    .map(({ inside: _inside, ...c }) => c);
  return { cells, note: cells.some((c) => c.bin > 0) ? null : 'No cell of this area is a statistically significant hot spot in the period.' };
}

/** The bounding box of a polygon's coordinates. */
function bboxOf(g: AreaGeometry): BBox {
  const pts = (g.type === 'Polygon' ? g.coordinates.flat() : g.coordinates.flat(2)) as number[][];
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  return { west: Math.min(...xs), south: Math.min(...ys), east: Math.max(...xs), north: Math.max(...ys) };
}

/**
 * Premises with repeat sightings: by name for roles that may read premises, else only
 * how many sightings fell at repeat places of each kind (no name, no position).
 */
function repeatPlacesFor(places: repo.PlaceCount[], named: boolean, restricted: boolean): AreaReport['repeatPlaces'] {
  const publishOne = (n: number): Published => (restricted ? (n < 5 ? '<5' : Math.round(n / 5) * 5) : n);
  if (named) {
    const rows: RepeatPlace[] = places.slice(0, TOP_PLACES).map((p, i) => ({ name: p.name, category: premisesWords(p.category), count: publishOne(p.n), ref: gridRef(p.x, p.y, 6), street: null, mark: i + 1 }));
    return { named: true, rows };
  }
  const byKind = new Map<string, number>();
  for (const p of places) byKind.set(p.category, (byKind.get(p.category) ?? 0) + p.n);
  const rows = [...byKind.entries()]
    .map(([k, n]) => ({ name: null, category: premisesWords(k), count: publishOne(n), ref: null, street: null, mark: null }))
    .sort((a, b) => (shown(b.count) ? b.count : 0) - (shown(a.count) ? a.count : 0) || a.category.localeCompare(b.category));
  return { named: false, rows };
}

