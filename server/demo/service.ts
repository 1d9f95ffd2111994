import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { demoCredentialsFile, demoEnabled } from '../config.js';
import type { Db } from '../db/index.js';
import { ROLES, type Role } from '../lists.js';
import { SYSTEM_ACTOR } from '../audit/service.js';
import { countUsers, createUser } from '../users/service.js';
import { seedDemo } from '../../seeds/demo/index.js';
import { demoPresent } from '../../seeds/demo/repo.js';

export interface DemoCredential {
  role: Role;
  username: string;
  password: string;
}

const DISPLAY: Record<Role, string> = {
  analyst: 'Demo Analyst (synthetic)',
  licensing: 'Demo Licensing Officer (synthetic)',
  planner: 'Demo Planner (synthetic)',
  admin: 'Demo Administrator (synthetic)',
  partner: 'Demo School Partner (synthetic)',
};

/**
 * First start: on a database with no users, when the demo is enabled, load the
 * synthetic town and create one user per role with a random password. The
 * passwords are returned once and written to `<dataDir>/demo-credentials.txt` (0600).
 */
export async function firstStart(db: Db, config: Config, log: (msg: string) => void): Promise<DemoCredential[] | undefined> {
  if (!demoEnabled(config) || (await countUsers(db)) > 0) return undefined;
  if (!(await demoPresent(db.knex))) {
    log(`loading the synthetic demo town (${config.demoSightings} sightings)…`);
    const t = Date.now();
    const counts = await seedDemo(db, { sightings: config.demoSightings, log });
    log(`demo town loaded in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
  }
  const creds: DemoCredential[] = [];
  for (const role of ROLES) {
    const username = `demo-${role}`;
    const password = randomBytes(15).toString('base64url');
    await createUser(db, SYSTEM_ACTOR, { username, displayName: DISPLAY[role], role, ...(role === 'partner' ? { agency: 'education' } : {}), password });
    creds.push({ role, username, password });
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const file = demoCredentialsFile(config);
  fs.writeFileSync(file, creds.map((c) => `${c.role} ${c.username} ${c.password}`).join('\n') + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return creds;
}
