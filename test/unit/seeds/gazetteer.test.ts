import { expect } from 'chai';
import { buildTown } from '../../../seeds/demo/generate.js';
import { buildGazetteer, GAZETTEER_SOURCE } from '../../../seeds/demo/gazetteer.js';
import { DEFAULT_SEED } from '../../../seeds/demo/index.js';
import { WARD_CENTRES } from '../../../seeds/demo/town.js';

describe('the demo gazetteer', () => {
  const rows = buildGazetteer(buildTown(DEFAULT_SEED));

  it('when it is built, then every row is synthetic and says so in its source', () => {
    expect(rows.length).to.be.above(100);
    expect(rows.every((r) => r.synthetic === true && r.source === GAZETTEER_SOURCE)).to.equal(true);
  });

  it('when it is built, then every postcode is in a ZZ outward code from ZZ1 to ZZ21, one per ward (no such area exists; ZZ99 is avoided), unique, with a real-looking inward code', () => {
    const postcodes = rows.filter((r) => r.kind === 'postcode').map((r) => r.name);
    expect(postcodes).to.include('ZZ16 1AA');
    expect(new Set(postcodes).size).to.equal(postcodes.length);
    for (const p of postcodes) {
      const m = /^ZZ(\d{1,2}) [1-9][ABD-HJLNP-UW-Z]{2}$/.exec(p);
      expect(m, p).to.not.equal(null);
      expect(Number(m![1])).to.be.within(1, WARD_CENTRES.length);
    }
  });

  it('when it is built, then the invented streets and the settlements are there, in the town', () => {
    const streets = rows.filter((r) => r.kind === 'street');
    expect(streets.map((s) => s.name)).to.include('Example Road, Bolton');
    for (const r of rows) {
      expect(r.lon, r.name).to.be.within(-2.7, -2.2);
      expect(r.lat, r.name).to.be.within(53.45, 53.7);
      expect(r.precisionM, r.name).to.be.above(0);
    }
    expect(rows.filter((r) => r.kind === 'place').map((r) => r.name)).to.include('Farnworth');
  });
});
