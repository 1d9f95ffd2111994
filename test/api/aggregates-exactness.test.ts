import { expect } from 'chai';
import fc from 'fast-check';
import { testApp, privateBox, type TestApp } from '../support/app.js';
import * as repo from '../../server/map/repo.js';
import { cellCounts } from '../../server/hotspots/repo.js';
import { readSettings } from '../../server/aggregates/repo.js';
import { clusterGridSize } from '../../server/map/cluster.js';
import { GROOMING_MODELS, SIGHTING_CATEGORIES, SOURCE_AGENCIES, WEEKDAYS } from '../../server/lists.js';
import { localDate, parseInstant } from '../../server/time/zone.js';
import type { SightingFilters } from '../../server/sightings/filters.js';
import type { BBox } from '../../server/geo/bbox.js';

/**
 * Issue 20: the map's aggregates (sighting_facts, sighting_cube, sighting_day_hours) are kept by
 * triggers in every write's transaction. fast-check draws writes of every kind (insert,
 * move, re-categorise, re-time, link to a children's home, dispose, delete, a premises
 * becoming a sensitive site) and views of every kind (zoom, bbox, period as whole days or
 * instants, hours, weekdays, categories, agencies, models; analyst's and planner's counts),
 * and each answer must equal the same answer made from the rows of `sightings`.
 */
describe('aggregates: every answer equals the rows (property)', function () {
  this.timeout(600_000);
  let t: TestApp;
  // Several private boxes spread over the test square, so that a view's bbox holds whole cells of the cube's grids.
  const boxes = Array.from({ length: 5 }, () => privateBox());
  const premises: { id: string; box: number }[] = [];
  const ids: string[] = [];
  let userId: string;

  const pointIn = (b: number, dx: number, dy: number) => boxes[b]!.at(dx * 0.0039, dy * 0.0039);
  const DAY0 = Date.parse('2026-03-01T00:00:00Z');

  before(async () => {
    t = await testApp();
    const s = await readSettings(t.db.knex);
    // Otherwise the aggregates would not be read and every comparison would be rows against rows.
    expect(s?.timeZone).to.equal(t.config.timeZone);
    userId = (await t.db.knex.raw(`select id from users order by created_at limit 1`)).rows[0]?.id ?? null;
    for (const [i, category] of (['children_home', 'takeaway', 'hotel'] as const).entries()) {
      const at = pointIn(i, 0.2, -0.3);
      const r = await t.db.knex.raw(`insert into premises (name, category, geom) values (?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326)) returning id`,
        [`Exactness test premises ${i}`, category, at.lon, at.lat]);
      premises.push({ id: r.rows[0].id, box: i });
    }
  });

  const sightingArb = fc.record({
    box: fc.integer({ min: 0, max: boxes.length - 1 }),
    dx: fc.double({ min: -1, max: 1, noNaN: true }),
    dy: fc.double({ min: -1, max: 1, noNaN: true }),
    // 2026-03-01 to 2026-06-30 in minutes: across the clocks going forward (29 March).
    minute: fc.integer({ min: 0, max: 121 * 24 * 60 }),
    category: fc.constantFrom(...SIGHTING_CATEGORIES),
    agency: fc.constantFrom(...SOURCE_AGENCIES),
    model: fc.constantFrom(...GROOMING_MODELS),
    premises: fc.integer({ min: -1, max: 2 }),
  });
  type SightingDraw = typeof sightingArb extends fc.Arbitrary<infer T> ? T : never;

  async function insert(draws: SightingDraw[]) {
    if (!draws.length) return;
    const rows = draws.map((d) => {
      const at = pointIn(d.box, d.dx, d.dy);
      return [new Date(DAY0 + d.minute * 60_000), at.lon, at.lat, d.category, d.agency, d.model, d.premises >= 0 ? premises[d.premises]!.id : null, userId];
    });
    // One statement for all of them, as an import writes.
    const r = await t.db.knex.raw(
      `insert into sightings (observed_at, geom, category, source_agency, grooming_model, source_eval, intel_assessment, handling_code, premises_id, created_by, review_due)
       select v.t::timestamptz, ST_SetSRID(ST_MakePoint(v.x::float8, v.y::float8), 4326), v.c, v.a, v.m, 2, 'B', 'P', v.p::uuid, v.u::uuid, date '2030-01-01'
       from (values ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}) v (t, x, y, c, a, m, p, u) returning id`,
      rows.flat(),
    );
    ids.push(...r.rows.map((x: { id: string }) => x.id));
  }

  const writeArb = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), draws: fc.array(sightingArb, { minLength: 1, maxLength: 12 }) }),
    fc.record({ kind: fc.constantFrom('move' as const, 'recategorise' as const, 'retime' as const, 'link' as const, 'dispose' as const, 'softDelete' as const, 'hardDelete' as const, 'narrative' as const),
      pick: fc.nat(), draw: sightingArb }),
    fc.record({ kind: fc.constant('premisesCategory' as const), pick: fc.integer({ min: 0, max: 2 }), category: fc.constantFrom('children_home', 'refuge', 'takeaway', 'hotel') }),
  );
  type Write = typeof writeArb extends fc.Arbitrary<infer T> ? T : never;

  async function write(w: Write) {
    const k = t.db.knex;
    if (w.kind === 'insert') return insert(w.draws);
    if (w.kind === 'premisesCategory') return k.raw('update premises set category = ? where id = ?', [w.category, premises[w.pick]!.id]);
    if (!ids.length) return;
    const id = ids[w.pick % ids.length]!;
    const d = w.draw;
    const at = pointIn(d.box, d.dx, d.dy);
    switch (w.kind) {
      case 'move': return k.raw('update sightings set geom = ST_SetSRID(ST_MakePoint(?, ?), 4326) where id = ?', [at.lon, at.lat, id]);
      case 'recategorise': return k.raw('update sightings set category = ?, source_agency = ?, grooming_model = ? where id = ?', [d.category, d.agency, d.model, id]);
      case 'retime': return k.raw('update sightings set observed_at = ? where id = ?', [new Date(DAY0 + d.minute * 60_000), id]);
      case 'link': return k.raw('update sightings set premises_id = ? where id = ?', [d.premises >= 0 ? premises[d.premises]!.id : null, id]);
      case 'dispose': return k.raw('update sightings set disposed_at = now() where id = ? and disposed_at is null', [id]);
      case 'softDelete': return k.raw(`update sightings set deleted_at = now(), delete_reason = 'exactness test' where id = ? and deleted_at is null`, [id]);
      case 'hardDelete': return k.raw('delete from sightings where id = ?', [id]);
      case 'narrative': return k.raw(`update sightings set narrative = 'edited (synthetic)' where id = ?`, [id]);
    }
  }

  // Views: a bbox anywhere over the boxes, a period of whole local days or of instants (either end may be open).
  const lons = boxes.map((b) => b.lon);
  const lats = boxes.map((b) => b.lat);
  const span = { west: Math.min(...lons) - 0.1, east: Math.max(...lons) + 0.1, south: Math.min(...lats) - 0.1, north: Math.max(...lats) + 0.1 };
  // Edges drawn near the boxes' sightings (within 0.03° of two boxes' centres), so that a
  // cell wrongly taken as inside or on the edge shows in the counts. Thousandths: doubles
  // would be drawn at their edges (0, 1, tiny) and give boxes of no size.
  const near = (values: number[]) => fc.tuple(fc.integer({ min: 0, max: values.length - 1 }), fc.integer({ min: -30, max: 30 })).map(([i, d]) => values[i]! + d / 1000);
  const bboxArb = fc.oneof(
    fc.tuple(near(lons), near(lons), near(lats), near(lats)),
    fc.tuple(fc.constant(span.west), fc.constant(span.east), fc.constant(span.south), fc.constant(span.north)),
  ).map(([a, b, c, d]): BBox => ({ west: Math.min(a, b), east: Math.max(a, b), south: Math.min(c, d), north: Math.max(c, d) }));
  const dayText = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10);
  // Whole local days (as the date pickers give), either end open now and then.
  const dayPeriodArb = fc.tuple(fc.option(fc.integer({ min: -40, max: 130 }), { freq: 4 }), fc.option(fc.integer({ min: 1, max: 160 }), { freq: 4 })).map(([a, len]) => ({
    ...(a !== null ? { from: parseInstant(dayText(a), 'Europe/London')! } : {}),
    ...(len !== null ? { to: parseInstant(dayText((a ?? 0) + len), 'Europe/London')! } : {}),
  }));
  const periodArb = fc.oneof(
    dayPeriodArb,
    fc.tuple(fc.integer({ min: 0, max: 121 * 24 * 60 }), fc.integer({ min: 1, max: 60 * 24 * 60 })).map(([a, len]) => ({ from: new Date(DAY0 + a * 60_000), to: new Date(DAY0 + (a + len) * 60_000) })),
  );
  const subset = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });
  const anyView = fc.record({
    bbox: bboxArb,
    period: periodArb,
    hours: fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 24 })).map(([start, end]) => ({ start, end })).filter((h) => h.start !== h.end % 24), { freq: 2 }),
    // Each filter is left out half the time, so that views the cube answers (no hours, agencies or models) are common.
    days: fc.option(subset(WEEKDAYS), { freq: 2 }),
    categories: fc.option(subset(SIGHTING_CATEGORIES), { freq: 2 }),
    agencies: fc.option(subset(SOURCE_AGENCIES), { freq: 2 }),
    models: fc.option(subset(GROOMING_MODELS), { freq: 2 }),
    zoom: fc.integer({ min: 7, max: 13 }),
    heat: fc.boolean(),
    scope: fc.constantFrom('all' as const, 'public' as const),
    safeSize: fc.constantFrom(250, 1000, 4000),
  });
  // The views the cube answers (whole days; no hours, agencies or models; zooms 8–12 and heat at 7–11), drawn as often as all others.
  const cubeView = anyView.chain((v) => fc.record({ period: dayPeriodArb, zoom: fc.integer({ min: 7, max: 12 }) }).map((c) => ({ ...v, ...c, hours: null, agencies: null, models: null })));
  const viewArb = fc.oneof(anyView, cubeView);
  type View = typeof viewArb extends fc.Arbitrary<infer T> ? T : never;

  function filtersOf(v: View, withBbox: boolean): SightingFilters {
    const f: SightingFilters = { ...v.period };
    if (withBbox) f.bbox = v.bbox;
    if (v.hours) f.hours = v.hours;
    if (v.days) f.days = v.days;
    if (v.categories) f.categories = v.categories;
    if (v.agencies) f.agencies = v.agencies;
    if (v.models) f.models = v.models;
    return f;
  }

  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  const sortCells = <T extends { ix: number; iy: number }>(cells: T[]) => [...cells].sort((a, b) => a.ix - b.ix || a.iy - b.iy);

  async function compare(v: View) {
    const k = t.db.knex;
    const tz = t.config.timeZone;
    // Heat at a zoom reads the next zoom's cluster grid (map/service.ts).
    const size = clusterGridSize(v.heat ? v.zoom + 1 : v.zoom);
    const f = filtersOf(v, true);
    const [auto, rows] = [await repo.mercatorGrid(k, f, tz, v.scope, size), await repo.mercatorGrid(k, f, tz, v.scope, size, 'rows')];
    const a = sortCells(auto);
    const r = sortCells(rows);
    expect(a.map((c) => [c.ix, c.iy, c.n, c.categories, c.id, c.observedAt?.getTime() ?? null])).to.deep.equal(r.map((c) => [c.ix, c.iy, c.n, c.categories, c.id, c.observedAt?.getTime() ?? null]));
    // Cells are drawn at the mean of their points: the sums differ only in the order they were added.
    a.forEach((c, i) => expect([round(Number(c.lon)), round(Number(c.lat))]).to.deep.equal([round(Number(r[i]!.lon)), round(Number(r[i]!.lat))]));
    // Heat draws counts only (singles false): the same cells, counts and places, whatever answers.
    const heat = sortCells(await repo.mercatorGrid(k, f, tz, v.scope, size, 'auto', false));
    expect(heat.map((c) => [c.ix, c.iy, c.n, round(Number(c.lon)), round(Number(c.lat))])).to.deep.equal(r.map((c) => [c.ix, c.iy, c.n, round(Number(c.lon)), round(Number(c.lat))]));

    // A playback's frames (ten local days each, the last cut at the period's end), in one query, equal each frame's rows.
    const frames: { from: Date; to: Date }[] = [];
    if (v.period.from && v.period.to) {
      let day = localDate(v.period.from, tz);
      while (frames.length < 4) {
        const next = new Date(Date.parse(`${day}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
        const [a, b] = [parseInstant(day, tz)!, parseInstant(next, tz)!];
        if (a >= v.period.to) break;
        frames.push({ from: a, to: b < v.period.to ? b : v.period.to });
        day = next;
      }
    }
    const batch = await repo.mercatorGrids(k, f, frames, tz, v.scope, size);
    for (const [i, p] of frames.entries()) {
      const one = sortCells(await repo.mercatorGrid(k, { ...f, ...p }, tz, v.scope, size, 'rows'));
      expect(sortCells(batch[i]!).map((c) => [c.ix, c.iy, c.n, c.categories, c.id, c.observedAt?.getTime() ?? null]), `frame ${i}`)
        .to.deep.equal(one.map((c) => [c.ix, c.iy, c.n, c.categories, c.id, c.observedAt?.getTime() ?? null]));
    }

    const safe = [await repo.safeGrid(k, f, tz, 'public', v.safeSize), await repo.safeGrid(k, f, tz, 'public', v.safeSize, 'rows')];
    expect(sortCells(safe[0]!).map((c) => [c.ix, c.iy, c.n, c.categories])).to.deep.equal(sortCells(safe[1]!).map((c) => [c.ix, c.iy, c.n, c.categories]));

    // A hot spot lattice of squares over the view's whole British National Grid squares (the
    // cube's 250 m squares summed when they answer: a wide view under the cube's filters).
    for (const size of [250, 1000]) {
      const cells = (await repo.cellRange(k, v.bbox, size))!;
      const g = { ...filtersOf(v, false), bbox: cells.wgs84 };
      const inRange = (c: { col: number; row: number }) => c.col >= cells.ix0 && c.col <= cells.ix1 && c.row >= cells.iy0 && c.row <= cells.iy1;
      const lattice = async (source: 'auto' | 'rows') => (await cellCounts(k, g, tz, 'square', size, v.scope, cells, source)).filter(inRange).sort((a, b) => a.col - b.col || a.row - b.row);
      expect(await lattice('auto'), `hot spot squares of ${size} m`).to.deep.equal(await lattice('rows'));
    }

    // Without a bbox the hour counts can come from sighting_day_hours; with one, from the facts.
    for (const withBbox of [false, true]) {
      const g = filtersOf(v, withBbox);
      const hours = [await repo.hourCounts(k, g, tz, v.scope), await repo.hourCounts(k, g, tz, v.scope, 'rows')];
      const asMap = (h: { hour: string; n: number }[]) => Object.fromEntries(h.map((x) => [x.hour, x.n]));
      expect(asMap(hours[0]!)).to.deep.equal(asMap(hours[1]!));
    }
    const cats = [await repo.countByCategory(k, f, tz, v.scope), await repo.countByCategory(k, f, tz, v.scope, 'rows')];
    expect(cats[0]).to.deep.equal(cats[1]);
  }

  it('when random writes and views are drawn, then clusters, heat, safe cells, hot spot squares, hour counts and category counts equal those of the rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(writeArb, { minLength: 1, maxLength: 6 }), fc.array(viewArb, { minLength: 1, maxLength: 4 }), async (writes, views) => {
        for (const w of writes) await write(w);
        for (const v of views) await compare(v);
      }),
      { numRuns: Number(process.env.EXACTNESS_RUNS ?? 40), seed: Number(process.env.EXACTNESS_SEED ?? 20), endOnFailure: true },
    );
  });

  it('when the server starts under another time zone, then the aggregates are rebuilt for it and count its local hours', async () => {
    const { ensureAggregates } = await import('../../server/aggregates/service.js');
    const k = t.db.knex;
    try {
      expect((await ensureAggregates(t.db, 'America/New_York')).rebuilt).to.equal(true);
      expect((await readSettings(k))?.timeZone).to.equal('America/New_York');
      // Evenings in New York are not evenings in London: the hour counts must follow the zone.
      const f: SightingFilters = { hours: { start: 18, end: 23 }, days: ['fri', 'sat'] };
      const [auto, rows] = [await repo.hourCounts(k, f, 'America/New_York', 'all'), await repo.hourCounts(k, f, 'America/New_York', 'all', 'rows')];
      expect(auto.length).to.be.above(0);
      expect(Object.fromEntries(auto.map((h) => [h.hour, h.n]))).to.deep.equal(Object.fromEntries(rows.map((h) => [h.hour, h.n])));
    } finally {
      expect((await ensureAggregates(t.db, t.config.timeZone)).rebuilt).to.equal(true);
    }
    expect((await ensureAggregates(t.db, t.config.timeZone)).rebuilt).to.equal(false);
  });

  it('when sightings are written, then the cube keeps the cells of zoom 12 as the facts fall in them (zooms 11 and 12 read them)', async () => {
    const k = t.db.knex;
    const size = clusterGridSize(12);
    const cube = await k.raw(`select place, cat, ix, iy, sum(n)::int as n from sighting_cube where lvl = 12 and span = 30 group by 1, 2, 3, 4 having sum(n) <> 0 order by 1, 2, 3, 4`);
    const facts = await k.raw(`select place, cat, floor(merc_x / ?)::int as ix, floor(merc_y / ?)::int as iy, count(*)::int as n from sighting_facts group by 1, 2, 3, 4 order by 1, 2, 3, 4`, [size, size]);
    expect(facts.rows.length).to.be.above(0);
    expect(cube.rows).to.deep.equal(facts.rows);
  });

  it('when the aggregates are rebuilt, then they hold what the triggers kept', async () => {
    const k = t.db.knex;
    const allHours = Array.from({ length: 24 }, (_, h) => `h${String(h).padStart(2, '0')}`).join(' + ');
    const DAY_HOURS_BY_DIM = [0, 1, 2].map((d) => `(select coalesce(sum(${allHours}), 0) from sighting_day_hours where dim = ${d})::bigint as hours_${d}`).join(', ');
    const before = await k.raw(`select (select coalesce(sum(n), 0) from sighting_cube where n <> 0)::bigint as cube, ${DAY_HOURS_BY_DIM}, (select count(*) from sighting_facts)::bigint as facts`);
    const { rebuildAggregates } = await import('../../server/aggregates/service.js');
    await rebuildAggregates(t.db, t.config.timeZone);
    const after = await k.raw(`select (select coalesce(sum(n), 0) from sighting_cube where n <> 0)::bigint as cube, ${DAY_HOURS_BY_DIM}, (select count(*) from sighting_facts)::bigint as facts`);
    expect(after.rows[0]).to.deep.equal(before.rows[0]);
    const live = await k.raw(`select count(*)::int as n from sightings where deleted_at is null`);
    const facts = await k.raw(`select count(distinct id)::int as n from sighting_facts`);
    expect(facts.rows[0].n).to.equal(live.rows[0].n);
  });
});
