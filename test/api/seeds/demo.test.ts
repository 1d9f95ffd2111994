import { expect } from 'chai';
import type { Db } from '../../../server/db/index.js';
import { DemoAlreadyLoadedError, seedDemo } from '../../../seeds/demo/index.js';
import { demoPresent } from '../../../seeds/demo/repo.js';
import { testDb } from '../../support/db.js';

const NOW = new Date('2026-11-28T12:00:00Z');
/** London hour and ISO weekday of each synthetic sighting, read by the database. */
const LOCAL = `extract(hour from observed_at at time zone 'Europe/London')::int`;
const DOW = `extract(isodow from observed_at at time zone 'Europe/London')::int`;

async function rows<T>(db: Db, sql: string, bindings: readonly string[] = []): Promise<T[]> {
  return (await db.knex.raw(sql, bindings)).rows as T[];
}

/**
 * The shared test database may hold other files' rows, and the demo loads once per
 * database: seed it here unless another file already has, and look only at synthetic rows.
 */
describe('demo seed (database)', () => {
  let db: Db;
  /** The sightings' indexes and triggers before the seed (which may drop and rebuild some, and switches some off meanwhile). */
  let schemaBefore: string[];
  const schema = async () =>
    (await rows<{ d: string }>(db, `
      select indexdef as d from pg_indexes where tablename = 'sightings'
      union all select tgname || ':' || tgenabled::text from pg_trigger where tgrelid = 'sightings'::regclass and not tgisinternal
      order by 1`)).map((r) => r.d);

  before(async function () {
    this.timeout(180_000);
    db = await testDb();
    schemaBefore = await schema();
    if (!(await demoPresent(db.knex))) {
      const counts = await seedDemo(db, { sightings: 3000, now: NOW, seed: 1 });
      expect(counts.sightings).to.equal(3000);
    }
  });

  it('when the demo town is seeded, then it has at least 15 valid ward polygons tiling one outline', async () => {
    const [w] = await rows<{ n: number; valid: boolean; parts: number }>(db, `
      select count(*)::int as n, bool_and(ST_IsValid(geom)) as valid, ST_NumGeometries(ST_Union(geom)) as parts
      from areas where synthetic and kind = 'ward'`);
    expect(w!.n).to.be.at.least(15);
    expect(w!.valid).to.equal(true);
    expect(w!.parts).to.equal(1);
  });

  it('when the demo town is seeded, then it has synthetic people, a children\'s home with repeat missing episodes and two journeys to a hotel', async () => {
    // Other files' tests may add children's homes of their own: the demo's is the one its episodes start from.
    const [home] = await rows<{ id: string; name: string }>(db, `
      select p.id, p.name from premises p where p.synthetic and p.category = 'children_home'
      order by (select count(*) from episodes e where e.missing_from_premises_id = p.id) desc limit 1`);
    expect(home!.name).to.match(/\(synthetic\)/);
    const [ep] = await rows<{ n: number; children: number; within90: number }>(db, `
      select count(*)::int as n, count(distinct subject_id)::int as children,
             max((select count(*) from episodes e2 where e2.subject_id = e.subject_id
                   and e2.reported_missing_at between e.reported_missing_at and e.reported_missing_at + interval '90 days'))::int as within90
      from episodes e where missing_from_premises_id = ?`, [home!.id]);
    expect(ep!.n).to.be.at.least(3);
    expect(ep!.within90, 'repeat missing: 3 or more in 90 days').to.be.at.least(3);
    const [children] = await rows<{ n: number }>(db, `select count(*)::int as n from subjects where synthetic and kind = 'child_at_risk' and ref like 'SYN-CHILD-%'`);
    expect(children!.n).to.be.at.least(2);
    const journeys = await rows<{ id: string; last: string }>(db, `
      select j.id, (select p.category from journey_legs l join sightings s on s.id = l.sighting_id join premises p on p.id = s.premises_id
                    where l.journey_id = j.id and l.kind = 'taken_to' order by l.seq desc limit 1) as last
      from journeys j where j.synthetic`);
    expect(journeys).to.have.length(2);
    expect(journeys.map((j) => j.last)).to.deep.equal(['hotel', 'hotel']);
  });

  it('when the demo town is seeded, then there are at least 200 premises in 10 categories (a children\'s home and a school among them) and 150 vehicles', async () => {
    const [p] = await rows<{ n: number; categories: number }>(db,
      `select count(*)::int as n, count(distinct category)::int as categories from premises where synthetic`);
    expect(p!.n).to.be.at.least(200);
    expect(p!.categories).to.equal(10);
    const [v] = await rows<{ n: number; operated: number; fictional: number }>(db, `
      select count(*)::int as n, count(operator_id)::int as operated, count(*) filter (where plate ~ '^ZZ')::int as fictional
      from vehicles where synthetic`);
    expect(v!.n).to.be.at.least(150);
    expect(v!.operated).to.be.above(0);
    expect(v!.fictional).to.equal(v!.n);
  });

  it('when the demo town is seeded, then most sightings fall between 18:00 and 03:00 London time', async () => {
    const [r] = await rows<{ share: number }>(db,
      `select avg(case when ${LOCAL} >= 18 or ${LOCAL} < 3 then 1.0 else 0.0 end)::float8 as share from sightings where synthetic`);
    expect(r!.share).to.be.at.least(0.6);
  });

  it('when the demo town is seeded, then Friday and Saturday each have more sightings than the Monday–Thursday mean', async () => {
    const by = new Map((await rows<{ d: number; n: number }>(db,
      `select ${DOW} as d, count(*)::int as n from sightings where synthetic group by 1`)).map((r) => [r.d, r.n]));
    const weekday = ([1, 2, 3, 4].map((d) => by.get(d) ?? 0).reduce((s, n) => s + n, 0)) / 4;
    expect(by.get(5)).to.be.above(weekday);
    expect(by.get(6)).to.be.above(weekday);
  });

  it('when the demo town is seeded, then every sighting lies in a ward', async () => {
    const [r] = await rows<{ n: number; unplaced: number; outside: number }>(db, `
      select count(*)::int as n, count(*) filter (where s.area_id is null)::int as unplaced,
             count(*) filter (where a.kind is distinct from 'ward')::int as outside
      from sightings s left join areas a on a.id = s.area_id where s.synthetic`);
    expect(r!.n).to.be.above(0);
    expect(r!.unplaced).to.equal(0);
    expect(r!.outside).to.equal(0);
  });

  it('when the demo town is seeded, then every sighting says it is synthetic and is due for review six years on (E: one)', async () => {
    const [r] = await rows<{ bad: number }>(db, `
      select count(*)::int as bad from sightings where synthetic and (
        narrative not like 'SYNTHETIC DEMO RECORD: %'
        or review_due <> ((observed_at at time zone 'Europe/London')::date
             + case when intel_assessment = 'E' then interval '1 year' else interval '6 years' end)::date
        or reported_at < observed_at)`);
    expect(r!.bad).to.equal(0);
  });

  it('when the demo town is seeded, then some sightings name premises, vehicles, subjects and Makesafe signs', async () => {
    const [r] = await rows<{ premises: number; vehicles: number; subjects: number; signs: number }>(db, `
      select count(premises_id)::int as premises, count(vehicle_id)::int as vehicles,
             count(*) filter (where exists (select 1 from subject_links l where l.sighting_id = sightings.id))::int as subjects,
             count(*) filter (where cardinality(indicators) > 0)::int as signs
      from sightings where synthetic`);
    expect(r!.premises).to.be.above(0);
    expect(r!.vehicles).to.be.above(0);
    expect(r!.subjects).to.be.above(0);
    expect(r!.signs).to.be.above(0);
  });

  it('when the demo town is seeded, then sightings has every index and enabled trigger it had before', async () => {
    expect(schemaBefore.length).to.be.above(5);
    expect(await schema()).to.deep.equal(schemaBefore);
  });

  it('when the demo is seeded a second time, then it refuses and writes nothing', async () => {
    const count = async () => (await rows<{ n: number }>(db, 'select count(*)::int as n from sightings where synthetic'))[0]!.n;
    const before = await count();
    let err: unknown;
    try {
      await seedDemo(db, { sightings: 10, now: NOW, seed: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(DemoAlreadyLoadedError);
    expect((err as Error).message).to.match(/already loaded/);
    expect(await count()).to.equal(before);
  });
});
