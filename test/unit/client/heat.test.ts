import { expect } from 'chai';
import { heatScale, KERNEL_MASS, metresPerPixel, niceCeil } from '../../../client/src/map/heat.js';

describe('client/map/heat', () => {
  it('when the ground size of a pixel is asked, then it is Web Mercator\'s: 156,543 m at zoom 0 on the equator, half that per zoom, times cos(latitude)', () => {
    expect(metresPerPixel(0, 0)).to.be.closeTo(156_543.03, 0.01);
    expect(metresPerPixel(16, 0)).to.be.closeTo(2.388657, 1e-6);
    expect(metresPerPixel(16, 60)).to.be.closeTo(1.194329, 1e-6);
  });

  it('when one kernel is integrated, then its mass is 2π/9 × 1/√(2π) per r² (MapLibre\'s Gaussian with sd = radius / 3)', () => {
    expect(KERNEL_MASS).to.be.closeTo(0.278514, 1e-6);
  });

  it('when sightings lie evenly, one per 10 × 10 px at zoom 16 on the equator (1,753 per km²), then the legend tops out at 2,000 per km² and the field draws at 0.88 of the ramp', () => {
    const mpp = metresPerPixel(16, 0);
    const deg = (px: number) => (px * mpp) / 111_319.49;
    const points = [];
    for (let i = 0; i < 60; i++) for (let j = 0; j < 60; j++) points.push({ lon: deg(i * 10), lat: deg(j * 10), count: 1 });
    const s = heatScale(points, 16, 25);
    expect(s.topPerKm2).to.equal(2000);
    const perKm2 = 1 / (100 * (mpp / 1000) ** 2);
    expect(perKm2).to.be.closeTo(1752.6, 0.1);
    // Density drawn in the field's middle: sightings per px² × weight × kernel mass × r².
    const drawn = 0.01 * s.weightPerSighting * KERNEL_MASS * 25 * 25;
    expect(drawn).to.be.closeTo(perKm2 / 2000, 0.001);
  });

  it('when a few dense cells sit in a thin spread, then the top is set by the ordinary places, not by the one busiest cell', () => {
    const mpp = metresPerPixel(14, 53.6);
    const deg = (px: number) => (px * mpp) / 111_319.49;
    const points = [{ lon: deg(400), lat: deg(400) * 0.6, count: 500 }];
    for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) points.push({ lon: deg(i * 20), lat: deg(j * 20) * 0.6, count: 2 });
    const s = heatScale(points, 14, 25);
    const busiest = 500 / (((25 * 2) / 3) * mpp / 1000) ** 2;
    expect(s.topPerKm2).to.be.below(busiest);
    expect(s.topPerKm2).to.be.above(0);
  });

  it('when there is nothing to draw, then a top of 1 per km² and no weight', () => {
    expect(heatScale([], 12, 25)).to.deep.equal({ topPerKm2: 1, weightPerSighting: 0 });
  });

  it('when rounding up, then to 1, 2 or 5 times a power of ten', () => {
    expect([0.3, 1.2, 3, 18.4, 51, 2001].map(niceCeil)).to.deep.equal([0.5, 2, 5, 20, 100, 5000]);
  });
});
