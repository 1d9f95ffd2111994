import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import supertest from 'supertest';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import { testApp, signIn, type TestApp } from '../support/app.js';
import { binary } from '../support/http.js';

/**
 * A plain `.pmtiles` file configured by LANTERN_BASEMAP_PMTILES: the server offers it in
 * `GET /api/map/basemap` and serves it at /basemap.pmtiles with byte ranges, and the
 * `pmtiles` reader the client uses finds its tile through those ranges.
 *
 * The `pmtiles` npm package reads archives but cannot write them, so the test builds a
 * one-tile archive by hand per the PMTiles v3 specification: a 127-byte header, an
 * uncompressed root directory with one entry, empty JSON metadata, and one MVT tile.
 */

const ROAD = 'PMTiles Test Road (synthetic)';

/** Unsigned LEB128, as PMTiles directories encode their numbers. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** The tile 0/0/0 with a `roads` layer (Protomaps schema: kind, name) holding one road. */
function oneTile(): Buffer {
  const index = new GeoJSONVT(
    { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kind: 'major_road', name: ROAD }, geometry: { type: 'LineString', coordinates: [[-2.5, 53.5], [-2.3, 53.6]] } }] },
    { maxZoom: 0, indexMaxZoom: 0, indexMaxPoints: 0 },
  );
  return Buffer.from(fromGeojsonVt({ roads: index.getTile(0, 0, 0)! }, { version: 2 }));
}

/** A PMTiles v3 archive holding one uncompressed MVT tile at 0/0/0. */
export function buildPmtiles(tile: Buffer): Buffer {
  // Root directory: 1 entry; tile id 0 (delta); run length 1; length; offset + 1.
  const dir = Buffer.from([...varint(1), ...varint(0), ...varint(1), ...varint(tile.length), ...varint(0 + 1)]);
  const meta = Buffer.from('{}');
  const h = Buffer.alloc(127);
  h.write('PMTiles', 0, 'latin1');
  h.writeUInt8(3, 7);
  const dirOff = 127;
  const metaOff = dirOff + dir.length;
  const dataOff = metaOff + meta.length;
  const u64 = (at: number, v: number) => h.writeBigUInt64LE(BigInt(v), at);
  u64(8, dirOff);
  u64(16, dir.length);
  u64(24, metaOff);
  u64(32, meta.length);
  u64(40, dataOff); // no leaf directories
  u64(48, 0);
  u64(56, dataOff);
  u64(64, tile.length);
  u64(72, 1); // addressed tiles
  u64(80, 1); // tile entries
  u64(88, 1); // tile contents
  h.writeUInt8(1, 96); // clustered
  h.writeUInt8(1, 97); // internal compression: none
  h.writeUInt8(1, 98); // tile compression: none
  h.writeUInt8(1, 99); // tile type: MVT
  h.writeUInt8(0, 100); // min zoom
  h.writeUInt8(0, 101); // max zoom
  h.writeInt32LE(-180e7, 102);
  h.writeInt32LE(-85e7, 106);
  h.writeInt32LE(180e7, 110);
  h.writeInt32LE(85e7, 114);
  h.writeUInt8(0, 118);
  h.writeInt32LE(-2.4e7, 119);
  h.writeInt32LE(53.55e7, 123);
  return Buffer.concat([h, dir, meta, tile]);
}

describe('basemap from a PMTiles file (LANTERN_BASEMAP_PMTILES)', () => {
  let t: TestApp;
  let dir: string;
  let archive: Buffer;

  before(async function () {
    this.timeout(120_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-pmtiles-'));
    archive = buildPmtiles(oneTile());
    const file = path.join(dir, 'town.pmtiles');
    fs.writeFileSync(file, archive);
    t = await testApp({ LANTERN_BASEMAP_PMTILES: file });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('when a user asks which basemap to draw, then it is the configured PMTiles file, on Lantern\'s own origin', async () => {
    const s = await signIn(t, 'planner');
    const r = await s.agent.get('/api/map/basemap').expect(200);
    expect(r.body).to.deep.equal({ style: null, pmtiles: '/basemap.pmtiles' });
  });

  it('when the pmtiles reader reads the served file by byte ranges, then it finds the tile, and the tile names the road', async () => {
    const ranges: string[] = [];
    const source: Source = {
      getKey: () => '/basemap.pmtiles',
      async getBytes(offset: number, length: number): Promise<RangeResponse> {
        const range = `bytes=${offset}-${offset + length - 1}`;
        ranges.push(range);
        const r = await supertest(t.app).get('/basemap.pmtiles').set('Range', range).buffer(true).parse(binary);
        expect(r.status, range).to.equal(206);
        const b = r.body as Buffer;
        return { data: b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer };
      },
    };
    const p = new PMTiles(source);
    const header = await p.getHeader();
    expect(header.specVersion).to.equal(3);
    expect(header.tileType).to.equal(TileType.Mvt);
    const tile = await p.getZxy(0, 0, 0);
    expect(tile, 'tile 0/0/0').to.not.equal(undefined);
    const vt = new VectorTile(new PbfReader(new Uint8Array(tile!.data)));
    const roads = vt.layers.roads!;
    expect(roads.length).to.equal(1);
    expect(roads.feature(0).properties).to.deep.include({ kind: 'major_road', name: ROAD });
    // Read by ranges, never as a whole.
    expect(ranges.length).to.be.above(0);
    expect(await p.getZxy(1, 0, 0)).to.equal(undefined);
  });

  it('when the whole file is fetched, then it is the archive byte for byte', async () => {
    const r = await supertest(t.app).get('/basemap.pmtiles').buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(r.body as Buffer, archive)).to.equal(0);
  });
});
