import { expect } from 'chai';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { classOf, quantileBreaks, rateLabels, roundRate } from '../../../client/src/map/choropleth.js';
import { choroplethFill } from '../../../client/src/map/layers.js';

describe('client/map/choropleth', () => {
  it('when twenty wards have rates 1…20, then five quantile classes hold four wards each: breaks 5, 9, 13, 17', () => {
    const rates = Array.from({ length: 20 }, (_, i) => 20 - i);
    const breaks = quantileBreaks(rates);
    expect(breaks).to.deep.equal([5, 9, 13, 17]);
    const sizes = [0, 0, 0, 0, 0];
    for (const r of rates) sizes[classOf(r, breaks)]!++;
    expect(sizes).to.deep.equal([4, 4, 4, 4, 4]);
    expect(rateLabels(breaks)).to.deep.equal(['under 5', '5 to under 9', '9 to under 13', '13 to under 17', '17 or more']);
  });

  it('when 21 ward rates are skewed (equal steps would put 17 in the first class), then no class holds more than five', () => {
    const rates = [1, 1.2, 1.3, 1.5, 2, 2.2, 2.4, 3, 3.1, 4, 5, 6, 8, 10, 12, 15, 20, 40, 80, 150, 300];
    const equalStepTop = rates.filter((r) => r < 300 / 5).length;
    expect(equalStepTop).to.equal(18);
    const breaks = quantileBreaks(rates);
    const sizes = [0, 0, 0, 0, 0];
    for (const r of rates) sizes[classOf(r, breaks)]!++;
    expect(Math.max(...sizes)).to.be.at.most(5);
    expect(sizes.reduce((a, b) => a + b, 0)).to.equal(21);
  });

  it('when rates are rounded for breaks, then to two significant figures, and ties give fewer classes rather than empty ones', () => {
    expect([0.04567, 1.234, 12.6, 123.4, 0].map(roundRate)).to.deep.equal([0.046, 1.2, 13, 120, 0]);
    expect(quantileBreaks([3, 3, 3, 3, 3, 3, 7, 7, 7, 7])).to.deep.equal([7]);
    expect(quantileBreaks([])).to.deep.equal([]);
    expect(rateLabels([])).to.deep.equal(['all']);
  });

  it('when a rate sits exactly on a break, then it belongs to the class the break starts', () => {
    expect(classOf(9, [5, 9, 13, 17])).to.equal(2);
    expect(classOf(4.99, [5, 9, 13, 17])).to.equal(0);
    expect(classOf(1000, [5, 9, 13, 17])).to.equal(4);
  });
});

describe('client/map/layers choropleth fill', () => {
  const styleWith = (layer: object) => ({
    version: 8 as const,
    sources: { areas: { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } } },
    layers: [layer],
  });

  it('when there are breaks, or none yet (no data), then the layer is a valid MapLibre style layer', () => {
    for (const breaks of [[5, 9, 13, 17], [7], []]) {
      const layer = { ...choroplethFill(true, breaks), source: 'areas' };
      expect(validateStyleMin(styleWith(layer) as never).map((e) => e.message), JSON.stringify(breaks)).to.deep.equal([]);
    }
  });
});
