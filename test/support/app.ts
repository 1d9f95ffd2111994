import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import supertest from 'supertest';
import type { Express } from 'express';
import { loadConfig, type Config } from '../../server/config.js';
import { createApp } from '../../server/app.js';
import type { Db } from '../../server/db/index.js';
import type { Role } from '../../server/lists.js';
import { SYSTEM_ACTOR } from '../../server/audit/service.js';
import { createUser } from '../../server/users/service.js';
import { testDb } from './db.js';

export const quietLog = () => {};

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LANTERN_LOGIN_RATE_LIMIT: '100000', LANTERN_DATA_DIR: '/nonexistent-lantern-test', ...env });
}

export interface TestApp {
  db: Db;
  config: Config;
  app: Express;
}

export async function testApp(env: Record<string, string> = {}, clientDir = '/nonexistent'): Promise<TestApp> {
  const db = await testDb();
  const config = testConfig(env);
  return { db, config, app: createApp({ db, config, log: quietLog, clientDir }) };
}

/** The built client (`npm run build`), whose pages the server prints PDFs from. */
export const CLIENT_DIR = path.resolve(import.meta.dirname, '..', '..', 'client', 'dist');

/** A test app that serves the built client, as printing a PDF needs; a plain failure when it is not built. */
export async function printingTestApp(): Promise<TestApp> {
  expect(fs.existsSync(path.join(CLIENT_DIR, 'index.html')), `the built client in ${CLIENT_DIR} (run npm run build)`).to.equal(true);
  return testApp({}, CLIENT_DIR);
}

/** A user of the role with a fresh name and password. */
export async function makeUser(db: Db, role: Role) {
  const username = `t-${role}-${randomBytes(5).toString('hex')}`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const user = await createUser(db, SYSTEM_ACTOR, { username, displayName: `Test ${role}`, role, ...(role === 'partner' ? { agency: 'education' } : {}), password });
  return { ...user, password };
}

export interface Session {
  agent: ReturnType<typeof supertest.agent>;
  csrf: string;
  user: Awaited<ReturnType<typeof makeUser>>;
}

/** Signs a new user of the role in, and states a purpose unless told not to. */
export async function signIn(t: TestApp, role: Role, opts: { purpose?: string | null } = {}): Promise<Session> {
  const user = await makeUser(t.db, role);
  const agent = supertest.agent(t.app);
  const res = await agent.post('/api/auth/login').send({ username: user.username, password: user.password }).expect(200);
  const csrf = res.body.csrfToken as string;
  const purpose = opts.purpose === undefined ? 'Automated test of Lantern' : opts.purpose;
  if (purpose) await agent.put('/api/auth/purpose').set('X-CSRF-Token', csrf).send({ purpose }).expect(200);
  return { agent, csrf, user };
}

/** Boxes handed out so far in this run, and where the run starts on the lattice (seeded: test/support/random.ts). */
let boxesGiven = 0;
const BOX_LATTICE = 75;
const firstBox = Math.floor(Math.random() * BOX_LATTICE * BOX_LATTICE);

/**
 * A small box of its own in the Highlands, far from the demo town, so a test's
 * sightings are the only ones inside it. Returns its centre and a bbox string.
 * Boxes are 0.008° squares on a 0.02° lattice, each handed out once a run, so no two
 * overlap and the sightings of two are at least 700 m apart; a prime stride spreads them
 * over the whole 1.5° square.
 */
export function privateBox() {
  const slot = (firstBox + boxesGiven++ * 7919) % (BOX_LATTICE * BOX_LATTICE);
  return boxAt(-5 + 0.01 + (slot % BOX_LATTICE) * 0.02, 56.5 + 0.01 + Math.floor(slot / BOX_LATTICE) * 0.02);
}

/** The 0.008° box round a point, as privateBox() gives it. */
export function boxAt(lon: number, lat: number) {
  const d = 0.004;
  return {
    lon,
    lat,
    bbox: [lon - d, lat - d, lon + d, lat + d].map((v) => v.toFixed(6)).join(','),
    /** A point inside the box, offset by up to ±0.003° */
    at: (dx = 0, dy = 0) => ({ lon: lon + dx, lat: lat + dy }),
  };
}
