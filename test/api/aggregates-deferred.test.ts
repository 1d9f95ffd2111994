import { expect } from 'chai';
import type { Knex } from 'knex';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import { aggregateSizes, rebuildAggregates } from '../../server/aggregates/service.js';

/**
 * Aggregates brought up to date once per bulk write (migration 018): a transaction that
 * defers them leaves them as they were until it flushes, and after the flush they hold
 * exactly what a rebuild from the rows would.
 */
const DAY_HOURS = Array.from({ length: 24 }, (_, k) => `h${String(k).padStart(2, '0')}`);

describe('aggregates: deferred to the end of a bulk write', function () {
  this.timeout(120_000);
  let t: TestApp;
  let admin: Session;

  before(async () => {
    t = await testApp();
    admin = await signIn(t, 'admin');
  });

  /** Everything the aggregates hold, in a fixed order; sums rounded (they differ only in the order they were added). */
  async function snapshot(k: Knex) {
    const facts = await k.raw(`select id::text, place, lh, cat, agency, model, disposed, round(merc_x::numeric, 3)::text as x, round(merc_y::numeric, 3)::text as y
      from sighting_facts order by id, place`);
    const cube = await k.raw(`select lvl, span, day, place, cat, ix, iy, n, round(sx::numeric, 6)::text as sx, round(sy::numeric, 6)::text as sy
      from sighting_cube where n <> 0 order by lvl, span, day, place, cat, ix, iy`);
    const hours = await k.raw(`select * from sighting_day_hours where ${DAY_HOURS.map((h) => `${h} <> 0`).join(' or ')} order by day, place, dim, code`);
    return { facts: facts.rows, cube: cube.rows, hours: hours.rows };
  }

  /** The aggregates as they are, and as a rebuild from the rows makes them. */
  async function keptAndRebuilt() {
    const kept = await snapshot(t.db.knex);
    await rebuildAggregates(t.db, t.config.timeZone);
    return { kept, rebuilt: await snapshot(t.db.knex) };
  }

  const insertAt = (k: Knex, lon: number, lat: number, when: string, premisesId: string | null = null) =>
    k.raw(
      `insert into sightings (observed_at, geom, category, source_agency, grooming_model, source_eval, intel_assessment, handling_code, premises_id, review_due)
       values (?, ST_SetSRID(ST_MakePoint(?, ?), 4326), 'adult_loitering', 'police', 'on_street', 2, 'B', 'P', ?, date '2030-01-01') returning id`,
      [when, lon, lat, premisesId],
    ).then((r) => r.rows[0].id as string);

  it('when a transaction defers the aggregates, then they stay as they were until it flushes, and are exact after', async () => {
    const box = privateBox();
    const p = box.at();
    const home = (await t.db.knex.raw(`insert into premises (name, category, geom) values ('Deferred test premises (synthetic)', 'takeaway', ST_SetSRID(ST_MakePoint(?, ?), 4326)) returning id`, [p.lon, p.lat])).rows[0].id;
    const kept = await insertAt(t.db.knex, p.lon, p.lat, '2026-04-01T21:00:00Z', home);
    const gone = await insertAt(t.db.knex, p.lon, p.lat, '2026-04-02T21:00:00Z');
    const factsOf = async (k: Knex, ids: string[]) => (await k.raw('select id::text, place from sighting_facts where id = any(?::uuid[]) order by id, place', [ids])).rows;
    const before = await snapshot(t.db.knex);

    let made: string[] = [];
    await t.db.knex.transaction(async (trx) => {
      await trx.raw('select sighting_aggregates_defer()');
      made = [await insertAt(trx, p.lon, p.lat, '2026-04-03T21:00:00Z'), await insertAt(trx, p.lon + 0.001, p.lat, '2026-04-04T21:00:00Z')];
      // A new sighting changed and one deleted within the deferral; an older one moved, and its premises made a sensitive site.
      await trx.raw(`update sightings set observed_at = '2026-05-01T22:00:00Z', geom = ST_SetSRID(ST_MakePoint(?, ?), 4326) where id = ?`, [p.lon - 0.001, p.lat, made[1]!]);
      await trx.raw('delete from sightings where id = ?', [gone]);
      await trx.raw(`update sightings set geom = ST_SetSRID(ST_MakePoint(?, ?), 4326) where id = ?`, [p.lon, p.lat + 0.001, kept]);
      await trx.raw(`update premises set category = 'children_home' where id = ?`, [home]);
      // Nothing has reached the aggregates yet.
      expect(await snapshot(trx)).to.deep.equal(before);
      expect(await factsOf(trx, made)).to.deep.equal([]);
      const flushed = await trx.raw('select sighting_aggregates_flush() as n');
      expect(flushed.rows[0].n).to.equal(4);
      expect((await factsOf(trx, made)).length).to.equal(2);
      expect(await factsOf(trx, [gone])).to.deep.equal([]);
      // At a sensitive site now: counted twice, at the site and at its area's point.
      expect((await factsOf(trx, [kept])).map((f: { place: number }) => f.place)).to.deep.equal([1, 2]);
    });
    const { kept: k, rebuilt } = await keptAndRebuilt();
    expect(k).to.deep.equal(rebuilt);
  });

  it('when a deferring transaction rolls back, then the aggregates and the next transaction are as before it', async () => {
    const box = privateBox();
    const p = box.at();
    const before = await snapshot(t.db.knex);
    await t.db.knex
      .transaction(async (trx) => {
        await trx.raw('select sighting_aggregates_defer()');
        await insertAt(trx, p.lon, p.lat, '2026-04-05T21:00:00Z');
        throw new Error('rolled back on purpose');
      })
      .catch((e: Error) => expect(e.message).to.equal('rolled back on purpose'));
    expect(await snapshot(t.db.knex)).to.deep.equal(before);
    // The deferral was the rolled-back transaction's only: a write now is counted at once.
    const id = await insertAt(t.db.knex, p.lon, p.lat, '2026-04-06T21:00:00Z');
    expect((await t.db.knex.raw('select count(*)::int as n from sighting_facts where id = ?', [id])).rows[0].n).to.equal(1);
  });

  it('when a deferring transaction commits without flushing, then the commit flushes, so no write is left uncounted', async () => {
    const box = privateBox();
    const p = box.at();
    let id = '';
    await t.db.knex.transaction(async (trx) => {
      await trx.raw('select sighting_aggregates_defer()');
      id = await insertAt(trx, p.lon, p.lat, '2026-04-07T21:00:00Z');
      expect((await trx.raw('select count(*)::int as n from sighting_facts where id = ?', [id])).rows[0].n).to.equal(0);
    });
    expect((await t.db.knex.raw('select count(*)::int as n from sighting_facts where id = ?', [id])).rows[0].n).to.equal(1);
    expect((await t.db.knex.raw('select count(*)::int as n from aggregate_deferrals')).rows[0].n).to.equal(0);
    const { kept, rebuilt } = await keptAndRebuilt();
    expect(kept).to.deep.equal(rebuilt);
  });

  it('when sightings are imported and then imported again with onDuplicate=update, then the aggregates hold what a rebuild makes', async () => {
    const box = privateBox();
    const prefix = `DEF${Math.random().toString(36).slice(2, 8)}`;
    const header = 'external_ref,observed_at,lat,lon,category,source_agency,grooming_model,source_eval,intel_assessment,handling_code';
    const csv = (shift: number) =>
      [header, ...Array.from({ length: 300 }, (_, i) => {
        const q = box.at((i % 20) * 0.0002 - 0.002 + shift, Math.floor(i / 20) * 0.0002 - 0.0015);
        return `${prefix}-${i},2026-03-${String((i % 28) + 1).padStart(2, '0')} ${String((i * 7 + shift * 1e4) % 24 | 0).padStart(2, '0')}:10,${q.lat.toFixed(6)},${q.lon.toFixed(6)},${i % 3 ? 'adult_loitering' : 'young_person_collected'},${i % 2 ? 'police' : 'health'},${i % 5 ? 'on_street' : 'boyfriend'},2,B,P`;
      })].join('\n');
    const post = (path: string, body: string) => admin.agent.post(path).set('X-CSRF-Token', admin.csrf).set('Content-Type', 'text/csv').send(body);
    const first = await post('/api/imports/sightings', csv(0));
    expect(first.status, JSON.stringify(first.body).slice(0, 400)).to.equal(200);
    expect(first.body).to.include({ inserted: 300 });
    const second = await post('/api/imports/sightings?onDuplicate=update', csv(0.0005));
    expect(second.body).to.include({ inserted: 0, updated: 300 });
    const live = await t.db.knex.raw('select count(*)::int as n from sighting_facts f join sightings s on s.id = f.id where s.external_ref like ?', [`${prefix}-%`]);
    expect(live.rows[0].n).to.equal(300);
    const { kept, rebuilt } = await keptAndRebuilt();
    expect(kept).to.deep.equal(rebuilt);
  });

  it('when the aggregates are rebuilt, then the sizes the CLI prints count every table, the day rows of hour counts included', async () => {
    await rebuildAggregates(t.db, t.config.timeZone);
    const n = await aggregateSizes(t.db);
    const counted = (await t.db.knex.raw(`select count(*)::int as n from sighting_day_hours`)).rows[0].n;
    expect(counted).to.be.greaterThan(0);
    expect(n).to.include({ dayHours: counted });
  });
});
