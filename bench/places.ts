/**
 * Place search and gazetteer import: N synthetic places (postcodes in areas that cannot
 * be real, invented streets and places round the demo town) in a fresh database, then
 * the latency of GET /api/places over HTTP for forgiving queries (compact postcodes,
 * postcodes with their space, shortened street prefixes), then the rate of an
 * ONSPD-shaped synthetic file through the import pipeline (API and CLI's service).
 *
 *   npm run bench:places                               # PGlite, 200 000 places
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:places   # PostgreSQL, 2 000 000
 *   npm run bench:places -- --places 500000 --import-rows 100000 --queries 300
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { SYSTEM_ACTOR } from '../server/audit/service.js';
import * as imports from '../server/imports/service.js';
import type { ImportOptions } from '../server/imports/schema.js';
import { compactKey, searchKey } from '../server/places/normalise.js';
import { createUser } from '../server/users/service.js';
import { freshPglite, freshPostgres, machine } from './support.js';

/** Postcode areas that cannot be real: no UK postcode area starts with Q. */
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SYLLABLES = ['dea', 'ne', 'mar', 'ket', 'bro', 'ad', 'hal', 'li', 'well', 'tor', 'ring', 'ton', 'ash', 'by', 'fern', 'ley', 'cot', 'ham', 'wick', 'mere', 'stan', 'moor', 'dale', 'ridge', 'fold', 'gate', 'brook', 'field', 'hurst', 'croft'];
const ROAD_WORDS = ['Road', 'Street', 'Lane', 'Avenue', 'Close', 'Drive', 'Grove', 'Terrace', 'Way', 'Walk'];
const ABBREVIATED: Record<string, string> = { Road: 'rd', Street: 'st', Lane: 'ln', Avenue: 'ave', Close: 'cl', Drive: 'dr', Grove: 'gr', Terrace: 'ter', Way: 'wy', Walk: 'wk' };

/** The i-th synthetic postcode: Q + letter, district 1–99, a unit; distinct for i < 17 million. */
function postcode(i: number): string {
  const unit = Math.floor(i / 25_740);
  return `Q${LETTERS[i % 26]}${(Math.floor(i / 26) % 99) + 1} ${Math.floor(i / 2574) % 10}${LETTERS[Math.floor(unit / 26) % 26]}${LETTERS[unit % 26]}`;
}

/** The i-th synthetic street: three syllables and a road word, in one of 100 invented towns. */
function street(i: number): string {
  const s = (k: number) => SYLLABLES[Math.floor(i / 30 ** k) % 30]!;
  const word = `${s(0)}${s(1)}${s(2)}`;
  return `${word[0]!.toUpperCase()}${word.slice(1)} ${ROAD_WORDS[Math.floor(i / 27_000) % 10]!}, Synthtown ${Math.floor(i / 270_000) % 100}`;
}

/** Loads N places set-based (postcodes 60 %, streets 30 %, places 10 %) with the indexes built after, as a bulk load would. */
async function loadPlaces(db: Awaited<ReturnType<typeof freshPglite>>['db'], n: number): Promise<void> {
  const k = db.knex;
  for (const index of ['places_compact_idx', 'places_search_trgm', 'places_geom_gist', 'places_source_ref_key']) await k.raw(`drop index ${index}`);
  const batch = 50_000;
  for (let from = 0; from < n; from += batch) {
    const rows: { name: string; kind: string; s: string; c: string; lon: number; lat: number; p: number }[] = [];
    for (let i = from; i < Math.min(n, from + batch); i++) {
      const r = i % 10;
      const name = r < 6 ? postcode(i) : r < 9 ? street(i) : `Hamlet ${street(i).split(' ')[0]} ${i}`;
      const kind = r < 6 ? 'postcode' : r < 9 ? 'street' : 'place';
      rows.push({ name, kind, s: searchKey(name), c: compactKey(name), lon: -2.55 + ((i * 7919) % 20000) / 100000, lat: 53.53 + ((i * 104729) % 10000) / 100000, p: r < 6 ? 100 : r < 9 ? 250 : 1000 });
    }
    await k.raw(
      `insert into places (name, kind, search_name, compact_name, geom, precision_m, source, source_ref, synthetic)
       select x.name, x.kind, x.s, x.c, ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), x.p, 'bench (synthetic)', null, true
       from json_to_recordset(?::json) as x(name text, kind text, s text, c text, lon float8, lat float8, p int)`,
      [JSON.stringify(rows)],
    );
    process.stderr.write(`\rloaded ${Math.min(n, from + batch).toLocaleString('en-GB')} places`);
  }
  process.stderr.write('\n');
  const t = performance.now();
  await k.raw(`create index places_geom_gist on places using gist (geom)`);
  await k.raw(`create index places_compact_idx on places (compact_name text_pattern_ops)`);
  await k.raw(`create index places_search_trgm on places using gin (search_name gin_trgm_ops)`);
  await k.raw(`create unique index places_source_ref_key on places (source, source_ref) where source_ref is not null`);
  await k.raw('analyze places');
  console.log(`indexes built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** Writes an ONSPD-shaped file of M rows (about a tenth terminated, as in the real file). */
async function writeOnspd(file: string, m: number): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write('pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,oshlthau,nhser,ctry,rgn\n');
  for (let i = 0; i < m; i++) {
    // Past the loaded postcodes, so the file's are new ones.
    const pc = postcode(8_000_000 + i);
    const line = `${pc.replace(' ', '')},${pc},${pc},199801,${i % 10 === 9 ? '202001' : ''},E99999999,E99999999,E08000001,E05000650,E43000001,0,${365000 + (i % 12000)},${403000 + (Math.floor(i / 12000) % 12000)},1,E18000002,E40000010,E92000001,E12000002\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { places: { type: 'string' }, 'import-rows': { type: 'string' }, queries: { type: 'string' } } });
  const url = process.env.BENCH_DATABASE_URL;
  const database = url ? 'postgres' : 'pglite';
  const n = Number(values.places ?? (url ? 2_000_000 : 200_000));
  const m = Number(values['import-rows'] ?? (url ? 500_000 : 50_000));
  const q = Number(values.queries ?? 300);
  console.log(machine());
  console.log(`database: ${database}${url ? '' : ' (set BENCH_DATABASE_URL for PostgreSQL)'}; places: ${n.toLocaleString('en-GB')}; ONSPD-shaped import: ${m.toLocaleString('en-GB')} rows; ${q} queries of each kind`);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`);
  const target = url ? await freshPostgres(url) : await freshPglite();
  const file = path.join(os.tmpdir(), `lantern-bench-onspd-${process.pid}.csv`);
  try {
    const t0 = performance.now();
    await loadPlaces(target.db, n);
    console.log(`gazetteer of ${n.toLocaleString('en-GB')} loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', LANTERN_LOGIN_RATE_LIMIT: '100000' });
    const user = { username: `bench-places-${process.pid}`, password: `bench-analyst-${Math.random().toString(36).slice(2)}-pw` };
    await createUser(target.db, SYSTEM_ACTOR, { ...user, displayName: 'Benchmark analyst', role: 'analyst' });
    const server = createApp({ db: target.db, config, log: () => {}, clientDir: '/nonexistent' }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
      if (!login.ok) throw new Error(`login: ${login.status}`);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
      const purpose = await fetch(`${base}/api/auth/purpose`, { method: 'PUT', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ purpose: 'Benchmark of place search' }) });
      if (!purpose.ok) throw new Error(`purpose: ${purpose.status}`);
      const ask = async (text: string) => {
        const t = performance.now();
        const r = await fetch(`${base}/api/places?q=${encodeURIComponent(text)}`, { headers: { cookie } });
        const body = (await r.json()) as { features: unknown[] };
        const ms = performance.now() - t;
        if (!r.ok) throw new Error(`${text}: ${r.status}`);
        return { ms, found: body.features.length };
      };
      // Indexes of loaded rows of each kind (i % 10 < 6 postcodes, 6–8 streets).
      const pick = (kinds: number[], k: number) => {
        const i = Math.floor(((k * 2654435761) % 2 ** 32) / 2 ** 32 * (n / 10)) * 10 + kinds[k % kinds.length]!;
        return i;
      };
      const kinds: [string, (k: number) => string][] = [
        ['compact postcode ("qa11aa")', (k) => postcode(pick([0, 1, 2, 3, 4, 5], k)).replace(' ', '').toLowerCase()],
        ['postcode with space ("QA1 1AA ")', (k) => `${postcode(pick([0, 1, 2, 3, 4, 5], k))} `],
        ['street prefix ("deane rd")', (k) => {
          const s = street(pick([6, 7, 8], k));
          const [word, road] = s.split(',')[0]!.split(' ');
          return `${word!.toLowerCase()} ${ABBREVIATED[road!]}`;
        }],
      ];
      for (let w = 0; w < 20; w++) await ask(kinds[w % 3]![1](w + 100_000));
      console.log('\nquery                              n    p50 ms   p95 ms   max ms   found (none)');
      for (const [label, make] of kinds) {
        const times: number[] = [];
        let none = 0;
        for (let k = 0; k < q; k++) {
          const r = await ask(make(k));
          times.push(r.ms);
          if (r.found === 0) none++;
        }
        console.log(`${label.padEnd(32)} ${String(q).padStart(5)} ${pct(times, 50).toFixed(1).padStart(8)} ${pct(times, 95).toFixed(1).padStart(8)} ${Math.max(...times).toFixed(1).padStart(8)} ${String(none).padStart(8)}`);
        if (none > 0) throw new Error(`${label}: ${none} queries found nothing`);
      }
    } finally {
      server.close();
    }

    await writeOnspd(file, m);
    const bytes = fs.statSync(file).size;
    const upload = { file, bytes, sha256: createHash('sha256').update(String(bytes)).digest('hex') };
    const opts: ImportOptions = { kind: 'places', format: 'csv', mode: 'lenient', onDuplicate: 'skip', placeFormat: 'onspd', fileName: 'onspd-bench.csv' };
    const t = performance.now();
    const id = await imports.begin(target.db, SYSTEM_ACTOR, opts, upload);
    const r = await imports.run(target.db, config, SYSTEM_ACTOR, id, opts, upload, (c) => process.stderr.write(`\rimport: ${c.rowsRead.toLocaleString('en-GB')} rows read`));
    process.stderr.write('\n');
    const s = (performance.now() - t) / 1000;
    console.log(`\nONSPD-shaped import: ${m.toLocaleString('en-GB')} rows (${Math.round(bytes / 2 ** 20)} MB), ${r.inserted.toLocaleString('en-GB')} inserted, ${r.rejectedCount} rejected, into a gazetteer of ${n.toLocaleString('en-GB')}`);
    console.log(`  ${s.toFixed(1)} s, ${Math.round(m / s).toLocaleString('en-GB')} rows/s; at that rate the 2.7 million rows of ONSPD take ${((2_700_000 / (m / s)) / 60).toFixed(1)} min`);
    console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    fs.rmSync(file, { force: true });
    await target.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
