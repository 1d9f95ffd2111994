import { expect } from 'chai';
import type { Knex } from 'knex';
import type { Db } from '../../../server/db/index.js';
import { buildTown } from '../../../seeds/demo/generate.js';
import { openSightingsLoader } from '../../../seeds/demo/load.js';
import { SYNTHETIC_PREFIX } from '../../../seeds/demo/patterns.js';
import { seedPeople, type SeedPeopleCounts } from '../../../seeds/demo/people.js';
import { demoPresent, insertAreas, insertPremises, insertVehicles } from '../../../seeds/demo/repo.js';
import { generateSightings } from '../../../seeds/demo/sightings.js';
import { testDb } from '../../support/db.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const SEED = 4242;

const rows = async <T>(k: Knex, sql: string, bindings: Knex.RawBinding[] = []): Promise<T[]> => (await k.raw(sql, bindings)).rows as T[];

/**
 * The demo's people, seeded on a small town inside a transaction that is rolled back, so
 * that the shared test database keeps no trace. Skipped when another file has loaded the
 * demo town already (its plates and references are unique).
 */
describe('demo seed: people, episodes and journeys', () => {
  let db: Db;
  before(async function () {
    db = await testDb();
    if (await demoPresent(db.knex)) this.skip();
  });

  it('when the people are seeded, then a child goes missing four times in 90 days from a children’s home, two journeys reach the hotel, and every row is synthetic', async function () {
    this.timeout(180_000);
    const trx = await db.knex.transaction();
    try {
      const town = buildTown(SEED);
      await insertAreas(trx, town.areas);
      await insertPremises(trx, town.premises);
      await insertVehicles(trx, town.vehicles);
      const loader = await openSightingsLoader(trx, db.kind);
      await loader.load(generateSightings(town, { count: 3000, now: NOW, seed: SEED }));
      const counts: SeedPeopleCounts = await seedPeople(trx, town, { now: NOW, seed: SEED, loader });
      await loader.finish();
      expect(counts).to.include({ premises: 2, subjects: 5, episodes: 5, journeys: 2, sightings: 8 });
      expect(counts.links).to.be.above(10);

      const sites = await rows<{ name: string; category: string }>(trx, `select name, category from premises where category in ('children_home', 'school') and external_ref like 'SYN-PREM-P%' order by category`);
      expect(sites.map((s) => s.category)).to.deep.equal(['children_home', 'school']);
      sites.forEach((s) => expect(s.name).to.match(/\(synthetic\)$/));

      const people = await rows<{ ref: string; kind: string; description: string; synthetic: boolean }>(trx, `select ref, kind, description, synthetic from subjects where ref like 'SYN-CHILD-%' or ref like 'SYN-POI-%' or ref like 'SYN-ADULT-%' order by ref`);
      expect(people.map((p) => [p.ref, p.kind])).to.deep.equal([
        ['SYN-ADULT-1', 'unknown_adult'],
        ['SYN-CHILD-1', 'child_at_risk'],
        ['SYN-CHILD-2', 'child_at_risk'],
        ['SYN-POI-1', 'person_of_interest'],
        ['SYN-POI-2', 'person_of_interest'],
      ]);
      people.forEach((p) => expect(p.synthetic && p.description.includes('(synthetic)'), p.ref).to.equal(true));

      const eps = await rows<{ category: string; days: number; found: boolean; vehicle: boolean; notes: string; synthetic: boolean }>(
        trx,
        `select p.category, (extract(epoch from (?::timestamptz - e.reported_missing_at)) / 86400)::float8 as days, e.found_geom is not null as found,
           e.returned_by_vehicle_id is not null as vehicle, e.notes, e.synthetic
         from episodes e join subjects su on su.id = e.subject_id left join premises p on p.id = e.missing_from_premises_id
         where su.ref = 'SYN-CHILD-1' order by e.reported_missing_at`,
        [NOW],
      );
      expect(eps).to.have.length(4);
      eps.forEach((e) => {
        expect(e).to.include({ category: 'children_home', found: true, vehicle: true, synthetic: true });
        expect(e.days).to.be.within(0, 90);
        expect(e.notes.startsWith(SYNTHETIC_PREFIX)).to.equal(true);
      });

      const nearHotel = await rows<{ n: number }>(
        trx,
        `select count(*)::int as n from episodes e, premises h
         where h.name = 'Station View Hotel (synthetic)' and ST_DWithin(e.found_geom::geography, h.geom::geography, 300)`,
      );
      expect(nearHotel[0]!.n).to.be.at.least(2);

      const legs = await rows<{ title: string; synthetic: boolean; kinds: string[]; taken: string }>(
        trx,
        `select j.title, j.synthetic, array_agg(l.kind order by l.seq) as kinds,
           max(p.name) filter (where l.kind = 'taken_to') as taken
         from journeys j join journey_legs l on l.journey_id = j.id join sightings s on s.id = l.sighting_id left join premises p on p.id = s.premises_id
         group by j.id, j.title, j.synthetic order by j.title`,
      );
      expect(legs).to.have.length(2);
      legs.forEach((j) => {
        expect(j.synthetic).to.equal(true);
        expect(j.title).to.match(/\(synthetic\)$/);
        expect(j.kinds).to.deep.equal(['approached', 'picked_up', 'taken_to', 'dropped_off']);
        expect(j.taken).to.equal('Station View Hotel (synthetic)');
      });
    } finally {
      await trx.rollback();
    }
  });
});
