import { expect } from 'chai';
import { testDb } from '../support/db.js';
import type { Db } from '../../server/db/index.js';
import { bngPointsToWgs84, bngToWgs84 } from '../../server/geo/repo.js';

describe('BNG points to WGS84 in one statement (geo/repo)', () => {
  let db: Db;
  before(async () => {
    db = await testDb();
  });

  // Synthetic grid positions, not places of any record.
  const pts = [{ x: 385_000.5, y: 405_000.25 }, { x: 382_250, y: 398_750 }, { x: 390_125.75, y: 410_875 }];

  it('when given points, then each is PostGIS\'s transform of that point, in the order given', async () => {
    const many = await bngPointsToWgs84(db.knex, pts, false);
    const one = await Promise.all(pts.map((p) => bngToWgs84(db.knex, p.x, p.y)));
    expect(many).to.deep.equal(one);
    const reversed = await bngPointsToWgs84(db.knex, [...pts].reverse(), false);
    expect(reversed).to.deep.equal([...one].reverse());
  });

  it('when rounded, then each is the full answer to 6 decimals, as numbers', async () => {
    const full = await bngPointsToWgs84(db.knex, pts, false);
    const rounded = await bngPointsToWgs84(db.knex, pts, true);
    rounded.forEach((p, i) => {
      expect(p.lon).to.be.a('number').and.closeTo(full[i]!.lon, 5e-7);
      expect(p.lat).to.be.a('number').and.closeTo(full[i]!.lat, 5e-7);
      expect(Math.round(p.lon * 1e6) / 1e6).to.equal(p.lon);
    });
  });

  it('when given no points, then it answers none', async () => {
    expect(await bngPointsToWgs84(db.knex, [], true)).to.deep.equal([]);
  });
});
