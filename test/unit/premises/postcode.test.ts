import { expect } from 'chai';
import { looksLikePostcode, normalisePostcode } from '../../../server/premises/postcode.js';
import { circleKm2, rateRatio } from '../../../server/premises/rate.js';

describe('premises/postcode', () => {
  it('when typed in any case or spacing, then the canonical form comes back', () => {
    expect(normalisePostcode('bl11aa')).to.equal('BL1 1AA');
    expect(normalisePostcode(' BL1   1AA ')).to.equal('BL1 1AA');
    expect(normalisePostcode('m11ae')).to.equal('M1 1AE');
    expect(normalisePostcode('ec1a1bb')).to.equal('EC1A 1BB');
    expect(normalisePostcode('sw1a-2aa')).to.equal('SW1A 2AA');
  });
  it('when the text cannot be a postcode, then nothing comes back', () => {
    for (const bad of ['', 'BL1', 'hello', '12345', 'BL1 1A', 'BLL1 1AA']) expect(normalisePostcode(bad), bad).to.equal(undefined);
  });
  it('when a search looks like a postcode, then it is read as one', () => {
    expect(looksLikePostcode('bl11aa')).to.equal(true);
    expect(looksLikePostcode('BL1')).to.equal(true);
    expect(looksLikePostcode('Golden Fork')).to.equal(false);
  });
});

describe('premises/rate', () => {
  it('when 6 sightings fall in a 100 m circle and 120 across a 6.28 km² ward, then the rate is about 10 times the ward\'s', () => {
    expect(circleKm2(100)).to.be.closeTo(0.0314159, 1e-6);
    expect(rateRatio(6, circleKm2(100), 120, 6.2832)).to.equal(10);
  });
  it('when the ward has none, then there is no ratio', () => {
    expect(rateRatio(3, 1, 0, 5)).to.equal(null);
  });
});
