/**
 * Issue 8's "what it must show", checked against the real tools: GDAL's own
 * transform, the CLI's terminal progress bar, and live progress of a running import.
 */
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { SYSTEM_ACTOR } from '../../server/audit/service.js';
import * as imports from '../../server/imports/service.js';
import type { ImportOptions, ImportProgress } from '../../server/imports/schema.js';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';

const HEADER = 'external_ref,observed_at,easting,northing,lat,lon,category,source_agency,source_eval,intel_assessment,handling_code,narrative';
const tag = () => Math.random().toString(36).slice(2, 8).toUpperCase();

/** Metres between two WGS84 points (haversine, mean Earth radius). */
function metres(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** `n` good synthetic rows in a private box, lines as in the file (header = line 1). */
function goodRows(box: ReturnType<typeof privateBox>, n: number, prefix: string): string[] {
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    const p = box.at((i % 40) * 0.0001 - 0.002, Math.floor(i / 40) * 0.0001 - 0.002);
    lines.push(`${prefix}-${i},2026-03-${String((i % 28) + 1).padStart(2, '0')} 21:30,,,${p.lat.toFixed(6)},${p.lon.toFixed(6)},adult_loitering,police,2,B,P,"Synthetic acceptance row ${i}, generated"`);
  }
  return lines;
}

const write = (lines: string[]) => {
  const file = path.join(os.tmpdir(), `lantern-import-acceptance-${process.pid}-${tag()}.csv`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
};

describe('imports: acceptance', function () {
  let t: TestApp;
  let admin: Session;
  const post = (query: string, body: string) =>
    admin.agent.post(`/api/imports/sightings${query}`).set('X-CSRF-Token', admin.csrf).set('Content-Type', 'text/csv').send(body);

  before(async () => {
    t = await testApp();
    admin = await signIn(t, 'admin');
  });

  it('when easting 371700 northing 409200 is imported, then it lies within a metre of where gdaltransform puts it', async function () {
    const gdal = spawnSync('gdaltransform', ['-s_srs', 'EPSG:27700', '-t_srs', 'EPSG:4326', '-output_xy'], { input: '371700 409200\n', encoding: 'utf8' });
    if (gdal.error) this.skip(); // GDAL is not installed here (CI installs gdal-bin)
    const [lon, lat] = gdal.stdout.trim().split(/\s+/).map(Number) as [number, number];
    expect(lon, gdal.stdout).to.be.within(-2.5, -2.4);
    const ref = `GDAL-${tag()}`;
    const r = await post('', `${HEADER}\n${ref},2026-03-01 22:00,371700,409200,,,other,police,1,A,P,synthetic\n`);
    expect(r.body.inserted, JSON.stringify(r.body)).to.equal(1);
    const stored = (await t.db.knex.raw('select ST_X(geom) as lon, ST_Y(geom) as lat from sightings where external_ref = ?', [ref])).rows[0];
    expect(metres(stored, { lon, lat })).to.be.lessThan(1);
  });

  it('when the 2,000-row file is imported again with onDuplicate=update, then its 1,995 good rows are updated, none inserted', async () => {
    const box = privateBox();
    const prefix = `UPD2K-${tag()}`;
    const lines = goodRows(box, 2000, prefix);
    const p = box.at();
    Object.assign(lines, {
      56: `${prefix}-d,31/02/2026 25:61,,,${p.lat},${p.lon},adult_loitering,police,2,B,P,x`,
      419: `${prefix}-c,2026-03-01 22:00,,,${p.lat},${p.lon},loitering_about,police,2,B,P,x`,
      998: `${prefix}-l,2026-03-01 22:00,,,95.5,${p.lon},adult_loitering,police,2,B,P,x`,
      1499: `${prefix}-n,2026-03-01 22:00,,,,,adult_loitering,police,2,B,P,x`,
      1887: `${prefix}-g,2026-03-01 22:00,,,${p.lat},${p.lon},adult_loitering,police,7,Z,Q,x`,
    });
    const csv = lines.join('\n') + '\n';
    const first = await post('', csv);
    expect(first.body).to.include({ inserted: 1995, rejectedCount: 5 });
    expect(first.body.rejected.map((x: { row: number }) => x.row)).to.deep.equal([57, 420, 999, 1500, 1888]);
    const again = await post('?onDuplicate=update', csv);
    expect(again.body).to.include({ inserted: 0, updated: 1995, duplicates: 0, rejectedCount: 5 });
  });

  it('when an import runs, then its progress reports the bytes read of the file, ending at the file size', async () => {
    const file = write(goodRows(privateBox(), 5000, `PRG-${tag()}`));
    try {
      const bytes = fs.statSync(file).size;
      const upload = { file, bytes, sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
      const opts: ImportOptions = { kind: 'sightings', format: 'csv', mode: 'lenient', onDuplicate: 'skip', fileName: 'progress.csv' };
      const id = await imports.begin(t.db, SYSTEM_ACTOR, opts, upload);
      const seen: ImportProgress[] = [];
      // On PostgreSQL a second connection can read the status while the import's transaction is open.
      let polled: ReturnType<typeof imports.status> | undefined;
      const r = await imports.run(t.db, t.config, SYSTEM_ACTOR, id, opts, upload, (p) => {
        seen.push(p);
        if (t.db.kind === 'postgres' && seen.length === 1) polled = imports.status(t.db, SYSTEM_ACTOR, id);
      });
      expect(r.inserted).to.equal(5000);
      expect(seen.map((p) => p.rowsRead)).to.deep.equal([2000, 4000, 5000]);
      const read = seen.map((p) => p.bytesRead!);
      expect(read[0]).to.be.greaterThan(0).and.lessThan(read[1]!);
      expect(read[2]).to.equal(bytes);
      if (polled) {
        const live = await polled;
        expect(live).to.include({ status: 'running', rowsRead: 2000, bytes });
        expect((live as unknown as ImportProgress).bytesRead).to.equal(read[0]);
      }
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('when the CLI imports a file, then it draws a terminal progress bar and lists the rejected line', async function () {
    this.timeout(240_000);
    const box = privateBox();
    const prefix = `CLI-${tag()}`;
    const lines = goodRows(box, 30, prefix);
    lines[9] = `${prefix}-bad,2026-03-01 22:00,,,95.5,${box.lon},adult_loitering,police,2,B,P,x`;
    const file = write(lines);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-cli-import-'));
    // The CLI on this run's PostgreSQL, or on an embedded database of its own.
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LANTERN_') && k !== 'DATABASE_URL'));
    if (t.db.kind === 'postgres') env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    else env.LANTERN_DATA_DIR = dataDir;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'import', 'sightings', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code, `${stdout}\n${stderr}`).to.equal(0);
      // The bar is redrawn in place with carriage returns and ends full.
      expect(stderr).to.match(/\r\[#{30}\] 100%\s+30 rows, 1 rejected/);
      expect(stdout).to.match(/: 29 inserted, 0 updated, 0 duplicates, 1 rejected/);
      expect(stdout).to.include('line 10: lat: latitude 95.5 is outside -90..90');
    } finally {
      fs.rmSync(file, { force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
