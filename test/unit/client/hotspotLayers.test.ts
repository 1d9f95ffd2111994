import { expect } from 'chai';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { hotspotFill } from '../../../client/src/map/hotspots/cellLayers.js';

/** The fill opacity the layer's expression gives a cell of this bin. */
function opacityOf(layer: ReturnType<typeof hotspotFill>, bin: number): number {
  const e = layer.paint!['fill-opacity'] as unknown[];
  // ['case', ['==', ['get', 'bin'], 0], notSignificant, significant]
  expect(e[0]).to.equal('case');
  return (bin === 0 ? e[2] : e[3]) as number;
}

describe('client/map/hotspots layers', () => {
  it('when hot spots are drawn by default, then "not significant" cells are transparent and significant ones strong', () => {
    const layer = hotspotFill(true);
    expect(opacityOf(layer, 0)).to.equal(0);
    expect(opacityOf(layer, 3)).to.be.above(0.5);
  });

  it('when the analyst asks to see them, then "not significant" cells show faintly in grey', () => {
    expect(opacityOf(hotspotFill(true, true), 0)).to.be.within(0.1, 0.3);
  });

  it('when built, then the layer is a valid MapLibre style layer', () => {
    const style = { version: 8 as const, sources: { 'lantern-hotspots': { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } } }, layers: [hotspotFill(true)] };
    expect(validateStyleMin(style as never).map((x) => x.message)).to.deep.equal([]);
  });
});

describe('client/map/layers premises', () => {
  it('when premises are drawn below street zoom, then overlapping icons are thinned out (placement, not overlap); the layer is valid', async () => {
    const { premisesLayer } = await import('../../../client/src/map/layers.js');
    const layer = premisesLayer(true);
    const overlap = layer.layout!['icon-allow-overlap'] as unknown[];
    expect(overlap).to.deep.equal(['step', ['zoom'], false, 17, true]);
    const style = { version: 8 as const, sources: { 'lantern-premises': { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } } }, layers: [{ ...layer, source: 'lantern-premises' }] };
    expect(validateStyleMin(style as never).map((x) => x.message)).to.deep.equal([]);
  });
});
