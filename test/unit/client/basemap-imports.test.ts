import { expect } from 'chai';
import { contentTypeOf, GEOPACKAGE_TYPE, importQuery } from '../../../client/src/imports/report.js';

describe('imports page: street basemap files', () => {
  it('when a basemap file is chosen, then a GeoPackage goes as one, GeoJSON as GeoJSON, and a CSV not at all', () => {
    expect(contentTypeOf('oproad_gb.gpkg', '', 'basemap')).to.equal(GEOPACKAGE_TYPE);
    expect(contentTypeOf('osm.GPKG', 'application/octet-stream', 'basemap')).to.equal(GEOPACKAGE_TYPE);
    expect(contentTypeOf('osm-lines.geojson', '', 'basemap')).to.equal('application/geo+json');
    expect(contentTypeOf('roads.csv', 'text/csv', 'basemap')).to.equal(null);
    // Other kinds are as before: a GeoPackage is no sightings file.
    expect(contentTypeOf('areas.gpkg', '', 'areas')).to.equal(null);
  });

  it('when the basemap options are sent, then layer, format and SRID go in the query and "update duplicates" never does', () => {
    const q = importQuery({ fileName: 'osm.gpkg', strict: true, update: true, srid: '27700', repair: false, kind: 'basemap', basemapLayer: 'roads', basemapFormat: 'osm-gpkg' });
    expect(Object.fromEntries(new URLSearchParams(q.slice(1)))).to.deep.equal({ fileName: 'osm.gpkg', mode: 'strict', srid: '27700', layer: 'roads', format: 'osm-gpkg' });
    const told = importQuery({ fileName: 'x.geojson', strict: false, update: false, srid: '', repair: false, kind: 'basemap', basemapLayer: '', basemapFormat: '' });
    expect(told).to.equal('?fileName=x.geojson');
    // Another kind ignores the basemap's options.
    expect(importQuery({ fileName: 'v.csv', strict: false, update: false, srid: '', repair: false, kind: 'vehicles', basemapLayer: 'roads', basemapFormat: 'gpkg' })).to.equal('?fileName=v.csv');
  });
});
