import { expect } from 'chai';
import { CASES, TOLERANCE, rAvailable, runCase } from './localg.js';

describe('cross-check: Gi* against R spdep::localG', function () {
  this.timeout(120_000);
  before(function () {
    // CI installs R and sets CROSSCHECK_REQUIRED, so there a missing R fails rather than skips.
    if (!rAvailable()) {
      if (process.env.CROSSCHECK_REQUIRED === '1') throw new Error('R with spdep is required for the cross-check (apt-get install r-cran-spdep)');
      this.skip();
    }
  });

  for (const c of CASES) {
    it(`when ${c.name}, then max |Δz| < ${TOLERANCE} and Moran's I z agrees`, () => {
      const r = runCase(c);
      expect(r.maxDz).to.be.below(TOLERANCE);
      expect(r.moranZ.lantern).to.be.closeTo(r.moranZ.spdep, TOLERANCE);
    });
  }
});
