import { expect } from 'chai';
import { CASES, TOLERANCE, rAvailable, runCase } from './localg.js';

describe('cross-check: Gi* against R spdep::localG', function () {
  this.timeout(120_000);
  before(function () {
    if (!rAvailable()) this.skip();
  });

  for (const c of CASES) {
    it(`when ${c.name}, then max |Δz| < ${TOLERANCE} and Moran's I z agrees`, () => {
      const r = runCase(c);
      expect(r.maxDz).to.be.below(TOLERANCE);
      expect(r.moranZ.lantern).to.be.closeTo(r.moranZ.spdep, TOLERANCE);
    });
  }
});
