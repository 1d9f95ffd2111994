import { expect } from 'chai';
import { pointFeature, shapeFeature } from '../../../server/geo/feature.js';

describe('geo/feature: GeoJSON Features of records', () => {
  it('when a record has lon/lat, then they become a [lon, lat] Point and the id is both the Feature id and a property', () => {
    const f = pointFeature({ id: 'p1', lon: -2.43, lat: 53.58, name: 'Example Hotel (synthetic)' });
    expect(f).to.deep.equal({
      type: 'Feature',
      id: 'p1',
      geometry: { type: 'Point', coordinates: [-2.43, 53.58] },
      properties: { id: 'p1', name: 'Example Hotel (synthetic)' },
    });
  });

  it('when a record carries its own geometry, then the geometry is kept as it is and left out of the properties', () => {
    const geometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    const f = shapeFeature({ id: 'a1', name: 'Ward (synthetic)', geometry });
    expect(f).to.deep.equal({ type: 'Feature', id: 'a1', geometry, properties: { id: 'a1', name: 'Ward (synthetic)' } });
    expect(f.geometry).to.equal(geometry);
  });
});
