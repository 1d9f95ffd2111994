import { execFileSync } from 'node:child_process';
import { expect } from 'chai';

/**
 * What the server holds in memory from its start: the libraries that only a print, a
 * GeoPackage import or a new password needs are loaded when first used (about 85 MB of a
 * server's resident memory, docs/benchmarks.md). Run in a process of its own, since this
 * one has loaded whatever earlier tests needed.
 */
describe('the server at start', () => {
  it('has not loaded playwright-core, SQLite\'s WebAssembly or zxcvbn\'s dictionaries', () => {
    const script = `
      import { createRequire } from 'node:module';
      await import('./server/app.ts');
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify(loaded.filter((f) => /node_modules\\/(playwright-core|node-sqlite3-wasm|@zxcvbn-ts\\/language-(en|common))\\//.test(f))));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(out.trim().split('\n').pop()!)).to.deep.equal([]);
  });
});
