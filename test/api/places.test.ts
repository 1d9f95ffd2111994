import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import { insertMany } from '../../server/places/repo.js';
import { compactKey, searchKey } from '../../server/places/normalise.js';

describe('place search (GET /api/places)', () => {
  let t: TestApp;
  let partner: Session;
  const box = privateBox();
  // Names of this run's own: a ZZ outward code (no such postcode area) and an invented street.
  const n = 21 + Math.floor(Math.random() * 70);
  const postcode = `ZZ${n} 9WZ`;
  const tag = randomBytes(3).toString('hex');
  const street = `Quokka${tag} Road`;
  const premisesName = `Lantern Test Grill ${tag} (synthetic)`;

  before(async () => {
    t = await testApp();
    partner = await signIn(t, 'partner', { purpose: null });
    await t.db.knex.transaction((trx) =>
      insertMany(trx, [
        { name: postcode, kind: 'postcode', ...box.at(), precisionM: 100, source: 'test (synthetic)', synthetic: true },
        { name: `${street}, Testtown`, kind: 'street', ...box.at(0.001, 0), precisionM: 300, source: 'test (synthetic)', synthetic: true },
      ]),
    );
    await t.db.knex.raw(`insert into premises (name, category, geom, synthetic) values (?, 'takeaway', ST_SetSRID(ST_MakePoint(?, ?), 4326), true)`, [premisesName, box.lon, box.lat]);
  });

  const search = (q: string) => partner.agent.get('/api/places').query({ q });

  it('when the keys are made, then case, spaces, punctuation and road abbreviations do not matter', () => {
    expect(compactKey('BL1 1AA ')).to.equal('bl11aa');
    expect(compactKey('bl11aa')).to.equal('bl11aa');
    expect(searchKey('  Deane Rd. ')).to.equal('deane road');
    expect(searchKey('St Helens Rd')).to.equal('street helens road');
  });

  for (const typed of [postcode.replace(' ', '').toLowerCase(), `${postcode} `, postcode.toLowerCase().replace(' ', '  ')]) {
    it(`when a partner types "${typed}", then the postcode comes first as a GeoJSON point with its kind and precision`, async () => {
      const res = await search(typed).expect(200);
      expect(res.body.type).to.equal('FeatureCollection');
      const f = res.body.features[0];
      expect(f.geometry.type).to.equal('Point');
      expect(f.properties).to.include({ name: postcode, kind: 'postcode', precisionM: 100 });
    });
  }

  it('when a street is typed with its road word shortened, then it is found', async () => {
    const res = await search(`quokka${tag} rd`).expect(200);
    expect(res.body.features.map((f: any) => f.properties.name)).to.include(`${street}, Testtown`);
    expect(res.body.features[0].properties.kind).to.equal('street');
  });

  it('when a premises name is typed, then the premises is found with its id, so a report can link it', async () => {
    const res = await search(`test grill ${tag}`).expect(200);
    const f = res.body.features.find((x: any) => x.properties.name === premisesName);
    expect(f.properties.kind).to.equal('premises');
    expect(f.properties.premisesId).to.be.a('string');
    expect(f.properties.precisionM).to.be.a('number');
  });

  it('when the query is empty of letters and digits or the limit is too big, then 400 names the field', async () => {
    const a = await search(' -- ').expect(400);
    expect(a.body.errors[0].path).to.equal('q');
    const b = await partner.agent.get('/api/places').query({ q: 'zz', limit: '1000' }).expect(400);
    expect(b.body.errors[0].path).to.equal('limit');
  });

  it('when only wildcards are typed, then they are not searched for: 400 names q', async () => {
    const res = await search('%_%').expect(400);
    expect(res.body.errors[0].path).to.equal('q');
  });
});
