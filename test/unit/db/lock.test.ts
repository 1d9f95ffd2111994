import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DataDirLockedError, lockDataDir } from '../../../server/db/lock.js';
import { tempDirs } from '../../support/tmp.js';

describe('db/lock', () => {
  const fresh = tempDirs('lock');

  it('when another live process holds the directory, then a clear error names it', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, 'lantern.lock'), JSON.stringify({ pid: 1, host: os.hostname(), command: 'main.ts', since: '2026-01-01T00:00:00Z' }));
    expect(() => lockDataDir(dir)).to.throw(DataDirLockedError, /in use by process 1 \(main\.ts\)/);
  });

  it('when the holder died, then its stale lock is taken over; released, the file is gone', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, 'lantern.lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: os.hostname(), command: 'x', since: '' }));
    const release = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'lantern.lock'), 'utf8')).pid).to.equal(process.pid);
    release();
    expect(fs.existsSync(path.join(dir, 'lantern.lock'))).to.equal(false);
  });
});
