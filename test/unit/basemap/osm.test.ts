import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hstore, looksLikeOsm, osmPlacement, osmRoadClass, osmTags } from '../../../server/basemap/osm.js';
import { geoJsonFeatures } from '../../../server/basemap/geojson.js';
import { wkbKind } from '../../../server/basemap/gpkg.js';

describe('basemap: OpenStreetMap features and streamed GeoJSON', () => {
  it('when highway values are mapped, then they land on the road classes OS Open Roads is mapped to', () => {
    expect(['motorway', 'motorway_link', 'trunk', 'primary_link', 'secondary', 'tertiary', 'residential', 'unclassified', 'living_street', 'service', 'footway', 'track'].map(osmRoadClass)).to.deep.equal([
      'motorway', 'motorway', 'primary', 'primary', 'secondary', 'secondary', 'minor', 'minor', 'minor', 'service', 'path', 'path',
    ]);
    expect(osmRoadClass('proposed')).to.equal(null);
    expect(osmRoadClass('construction')).to.equal(null);
  });

  it('when tags come as columns, an hstore of other_tags, or an Overpass tags object, then all are read', () => {
    expect(hstore('"surface"=>"asphalt","name:cy"=>"Heol \\"Ffug\\"","x"=>NULL')).to.deep.equal({ surface: 'asphalt', 'name:cy': 'Heol "Ffug"' });
    expect(osmTags({ osm_id: '1', highway: 'primary', name: null, other_tags: '"ref"=>"A9999"' })).to.deep.include({ highway: 'primary', ref: 'A9999' });
    expect(osmTags({ '@id': 'way/5', tags: { building: 'yes' } })).to.deep.include({ building: 'yes' });
    expect(looksLikeOsm({ osm_id: '1' })).to.equal(true);
    expect(looksLikeOsm({ id: 'way/12' })).to.equal(true);
    expect(looksLikeOsm({ name_1: 'Testing Brae', road_classification: 'A Road' })).to.equal(false);
  });

  it('when features are placed, then roads, water, green space and buildings go to their layers and the rest to none', () => {
    expect(osmPlacement({ highway: 'residential', name: 'Example Street' }, 'line')).to.deep.equal({ layer: 'roads', class: 'minor', name: 'Example Street' });
    expect(osmPlacement({ highway: 'trunk', ref: 'A9999' }, 'line')).to.deep.equal({ layer: 'roads', class: 'primary', name: 'A9999' });
    expect(osmPlacement({ highway: 'bus_stop' }, 'point')).to.equal(null);
    expect(osmPlacement({ highway: 'pedestrian', area: 'yes' }, 'polygon')).to.equal(null);
    expect(osmPlacement({ waterway: 'river', name: 'River Sample' }, 'line')?.layer).to.equal('water');
    expect(osmPlacement({ natural: 'water' }, 'polygon')?.layer).to.equal('water');
    expect(osmPlacement({ leisure: 'park', name: 'Sample Park' }, 'polygon')).to.deep.equal({ layer: 'green', class: null, name: 'Sample Park' });
    expect(osmPlacement({ landuse: 'recreation_ground' }, 'polygon')?.layer).to.equal('green');
    expect(osmPlacement({ landuse: 'grass' }, 'polygon')?.layer).to.equal('green');
    expect(osmPlacement({ building: 'yes' }, 'polygon')?.layer).to.equal('buildings');
    expect(osmPlacement({ building: 'no' }, 'polygon')).to.equal(null);
    expect(osmPlacement({ railway: 'rail' }, 'line')).to.equal(null);
  });

  it('when a WKB header is read, then its geometry kind is told for ISO, Z and EWKB codes in either byte order', () => {
    expect(wkbKind(Uint8Array.of(1, 2, 0, 0, 0))).to.equal('line');
    expect(wkbKind(Uint8Array.of(0, 0, 0, 0, 6))).to.equal('polygon');
    expect(wkbKind(Uint8Array.of(1, 0xea, 0x03, 0, 0))).to.equal('line'); // 1002: LineString Z
    expect(wkbKind(Uint8Array.of(1, 5, 0, 0, 0x80))).to.equal('line'); // EWKB MultiLineString with Z flag
  });

  describe('a GeoJSON file read as a stream', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-geojson-'));
    const write = (name: string, text: string) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text);
      return f;
    };
    const read = async (file: string) => {
      const header: { srid?: number }[] = [];
      const out: unknown[] = [];
      for await (const f of geoJsonFeatures(file, (h) => header.push(h))) out.push(f.value);
      return { header, out };
    };
    const feature = (n: number) => ({ type: 'Feature', properties: { n }, geometry: { type: 'Point', coordinates: [n, n] } });

    it('when it has a crs and other members around the features, then the features come one by one in order and the crs is told first', async () => {
      const file = write('a.geojson', JSON.stringify({ type: 'FeatureCollection', name: 'x', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } }, bbox: [0, 0, 1, 1], features: [feature(1), feature(2), feature(3)], extra: { deep: [[1]] } }));
      const { header, out } = await read(file);
      expect(header).to.deep.equal([{ srid: 27700 }]);
      expect(out).to.deep.equal([feature(1), feature(2), feature(3)]);
    });

    it('when the crs comes after the features, or the JSON breaks, or it is not a FeatureCollection, then reading fails saying why', async () => {
      const late = write('late.geojson', `{"type":"FeatureCollection","features":[${JSON.stringify(feature(1))}],"crs":{"type":"name","properties":{"name":"EPSG:27700"}}}`);
      await read(late).then(() => expect.fail('read'), (e: Error) => expect(e.message).to.match(/crs member comes after the features/));
      const broken = write('broken.geojson', `{"type":"FeatureCollection","features":[${JSON.stringify(feature(1))},{"type":`);
      await read(broken).then(() => expect.fail('read'), (e: Error) => expect(e.message).to.match(/not valid JSON/));
      const single = write('single.geojson', JSON.stringify(feature(1)));
      await read(single).then(() => expect.fail('read'), (e: Error) => expect(e.message).to.match(/not a FeatureCollection/));
    });
  });
});
