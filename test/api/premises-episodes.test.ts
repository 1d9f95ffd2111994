import { expect } from 'chai';
import { privateBox, signIn, testApp, type Session, type TestApp } from '../support/app.js';

/**
 * A place's profile counts missing episodes (issue 21): how many start at the premises
 * (missing from it), how many end within 100 m (found there), and by how many different
 * children; for analysts and admins only. Rows go straight into the tables, synthetic.
 */
describe("premises profile: missing episodes starting and ending at a place (issue 21)", () => {
  let t: TestApp;
  let analyst: Session;
  let admin: Session;
  let licensing: Session;
  const box = privateBox();
  let homeId: string;
  let shopId: string;
  const PERIOD = 'from=2026-01-01&to=2026-04-01';

  const child = async (ref: string) => {
    const r = await t.db.knex.raw(
      `insert into subjects (kind, ref, description, synthetic, review_due) values ('child_at_risk', ?, 'Child at risk (synthetic)', true, '2032-01-01') returning id`,
      [`SYN-EP-${ref}-${Math.random().toString(36).slice(2, 8)}`],
    );
    return r.rows[0].id as string;
  };

  /** An episode of the child reported missing on the day, from a premises or a point, found at a point (or not yet). */
  const episode = async (subjectId: string, day: string, from: { premisesId?: string; at: { lon: number; lat: number } }, found: { lon: number; lat: number } | null, opts: { deleted?: boolean } = {}) => {
    await t.db.knex.raw(
      `insert into episodes (subject_id, missing_from_premises_id, missing_from_geom, reported_missing_at, found_time, found_geom, synthetic, review_due, deleted_at)
       values (?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ${found ? 'ST_SetSRID(ST_MakePoint(?, ?), 4326)' : 'null'}, true, '2032-01-01', ?)`,
      [subjectId, from.premisesId ?? null, from.at.lon, from.at.lat, `${day}T20:00:00Z`, found ? `${day}T23:00:00Z` : null, ...(found ? [found.lon, found.lat] : []), opts.deleted ? new Date() : null],
    );
  };

  before(async () => {
    t = await testApp();
    [analyst, admin, licensing] = [await signIn(t, 'analyst'), await signIn(t, 'admin'), await signIn(t, 'licensing')];
    const make = async (name: string, category: string, at: { lon: number; lat: number }) => {
      const r = await analyst.agent.post('/api/premises').set('X-CSRF-Token', analyst.csrf).send({ name, category, ...at });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      return r.body.id as string;
    };
    // The shop is about 0.003° (≈ 180 m) west of the home.
    homeId = await make('Episode Test Children\'s Home (synthetic)', 'children_home', box.at());
    shopId = await make('Episode Test Late Shop (synthetic)', 'shop', box.at(-0.003, 0));
    const [a, b, c] = [await child('a'), await child('b'), await child('c')];
    const home = { premisesId: homeId, at: box.at() };
    const nearShop = box.at(-0.003, 0.0005); // ≈ 55 m north of the shop
    // Child a: three episodes from the home, two found near the shop, one not yet found.
    await episode(a, '2026-01-10', home, nearShop);
    await episode(a, '2026-02-10', home, nearShop);
    await episode(a, '2026-03-10', home, null);
    // Child b: from the home, found back at the door (ends at the home too).
    await episode(b, '2026-02-20', home, box.at(0.0002, 0));
    // Child c: missing from a home address (a point, no premises), found near the shop.
    await episode(c, '2026-02-25', { at: box.at(0.002, 0.002) }, nearShop);
    // Neither counts: outside the period, and deleted.
    await episode(c, '2025-06-01', home, nearShop);
    await episode(b, '2026-02-21', home, nearShop, { deleted: true });
  });

  it('when an analyst or an admin opens the home\'s profile, then it counts 4 episodes starting there, 1 ending there, by 2 children', async () => {
    for (const s of [analyst, admin]) {
      const p = (await s.agent.get(`/api/premises/${homeId}/profile?${PERIOD}`).expect(200)).body;
      expect(p.episodes).to.deep.equal({ starting: 4, ending: 1, children: 2 });
    }
  });

  it('when an analyst opens the shop\'s profile, then it counts the 3 episodes found within 100 m, by 2 children, none starting there', async () => {
    const p = (await analyst.agent.get(`/api/premises/${shopId}/profile?${PERIOD}`).expect(200)).body;
    expect(p.episodes).to.deep.equal({ starting: 0, ending: 3, children: 2 });
  });

  it('when the period holds no episode, then every count is 0', async () => {
    const p = (await analyst.agent.get(`/api/premises/${shopId}/profile?from=2024-01-01&to=2024-06-01`).expect(200)).body;
    expect(p.episodes).to.deep.equal({ starting: 0, ending: 0, children: 0 });
  });

  it('when a licensing officer opens the shop\'s profile, then it has no episodes field at all', async () => {
    const p = (await licensing.agent.get(`/api/premises/${shopId}/profile?${PERIOD}`).expect(200)).body;
    expect(p).to.not.have.property('episodes');
  });
});
