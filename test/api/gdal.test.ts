import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import { testApp, signIn, privateBox, type TestApp, type Session } from '../support/app.js';
import { binary } from '../support/http.js';

const run = promisify(execFile);

/** GDAL (Debian gdal-bin) is installed by CI; elsewhere the file is skipped when ogrinfo is missing. */
const hasGdal = fs.existsSync('/usr/bin/ogrinfo') || (process.env.PATH ?? '').split(':').some((d) => fs.existsSync(path.join(d, 'ogrinfo')));

/** Runs ogrinfo straight to the loopback server, never through a configured HTTP proxy. */
const ogrinfo = async (args: string[], env: Record<string, string> = {}) =>
  (await run('ogrinfo', args, { env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', ...env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 })).stdout;

const featureCount = (out: string) => Number(/Feature Count: (\d+)/.exec(out)?.[1]);

(hasGdal || process.env.CI ? describe : describe.skip)('GDAL reads Lantern', () => {
  let t: TestApp;
  let analyst: Session;
  let server: Server;
  let url: string;
  let token: string;
  const box = privateBox();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-gdal-'));

  before(async function () {
    // Opening the database and signing in (argon2) can be slow on a busy two-core machine.
    this.timeout(180_000);
    t = await testApp();
    analyst = await signIn(t, 'analyst');
    for (let i = 0; i < 7; i++) {
      await analyst.agent.post('/api/sightings').set('X-CSRF-Token', analyst.csrf)
        .send({ ...box.at(0.0004 * i - 0.0012, 0.0003 * i - 0.001), observedAt: `2026-04-0${i + 1}T22:00:00Z`, category: 'young_person_collected', sourceAgency: 'police', sourceEval: 1, intelAssessment: 'B', handlingCode: 'P', narrative: 'GDAL narrative (synthetic)' })
        .expect(201);
    }
    const r = await analyst.agent.post('/api/tokens').set('X-CSRF-Token', analyst.csrf).send({ name: 'GDAL', purpose: 'GDAL reading test' }).expect(201);
    token = r.body.token;
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ogc`;
  });

  after(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const headers = () => ({ GDAL_HTTP_HEADERS: `Authorization: Bearer ${token}` });

  it('when ogrinfo opens the OGC API with a personal token, then it lists the four collections', async () => {
    const out = await ogrinfo([`OAPIF:${url}`], headers());
    for (const name of ['sightings', 'premises', 'areas', 'sighting-cells']) expect(out).to.match(new RegExp(`^\\d+: ${name} `, 'm'));
  });

  it('when ogrinfo reads the sightings in a bbox three to a page, then it gets all seven with their fields', async () => {
    const [w, s, e, n] = box.bbox.split(',');
    const out = await ogrinfo(['-ro', '-oo', 'PAGE_SIZE=3', '-spat', w!, s!, e!, n!, `OAPIF:${url}`, 'sightings'], headers());
    expect(out.match(/^OGRFeature\(sightings\):/gm)).to.have.length(7);
    expect(out).to.include('category (String) = young_person_collected');
    expect(out).to.match(/POINT \(-?\d+\.\d+ \d+\.\d+\)/);
  });

  it('when ogrinfo has no token, then the OGC API refuses it', async () => {
    const err = await ogrinfo([`OAPIF:${url}`]).then(() => undefined, (e: Error) => e);
    expect(err, 'ogrinfo without a token should fail').to.be.instanceOf(Error);
  });

  it('when the GeoJSON and GeoPackage exports are saved, then ogrinfo opens both with the seven points', async () => {
    for (const format of ['geojson', 'gpkg']) {
      const r = await analyst.agent.get(`/api/exports/sightings?format=${format}&bbox=${box.bbox}`).buffer(true).parse(binary).expect(200);
      const file = path.join(dir, `export.${format}`);
      fs.writeFileSync(file, r.body as Buffer);
      const out = await ogrinfo(['-ro', '-al', '-so', file]);
      expect(out, format).to.include(format === 'gpkg' ? "using driver `GPKG' successful" : "using driver `GeoJSON' successful");
      expect(featureCount(out), format).to.equal(7);
      expect(out).to.match(/Geometry: Point/);
      expect(out).to.match(/observedAt: DateTime/);
      expect(out).to.match(/narrative: String/);
      const full = await ogrinfo(['-ro', '-al', file]);
      expect(full).to.include('GDAL narrative (synthetic)');
    }
  });
});
