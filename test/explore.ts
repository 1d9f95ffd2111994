/**
 * Runs the property tests with fresh random seeds for as long as asked, and prints every
 * counterexample with the seed that finds it again. CI runs the same properties with one
 * fixed seed (test/support/properties.ts); this is where new counterexamples are looked
 * for. A counterexample found here becomes a named regression case beside its property.
 *
 *   npm run test:explore -- --minutes 10 [--runs 5000] [--files test/unit/reports/disclose.test.ts]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    runs: { type: 'string', default: '5000' },
    files: { type: 'string', multiple: true },
  },
});
const minutes = Number(values.minutes);
const runs = Number(values.runs);
if (!(minutes > 0) || !(runs > 0)) throw new Error('--minutes and --runs must be positive numbers');

/** Unit test files that hold properties (the API fuzz test keeps its own fixed seed). */
function propertyFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return propertyFiles(path);
    return name.endsWith('.test.ts') && readFileSync(path, 'utf8').includes('fc.assert') ? [path] : [];
  });
}

const files = values.files ?? propertyFiles('test/unit');
const properties = files.reduce((n, f) => n + (readFileSync(f, 'utf8').match(/fc\.assert\(/g)?.length ?? 0), 0);
const deadline = Date.now() + minutes * 60_000;
let rounds = 0;
const failures: { seed: number; output: string }[] = [];
console.log(`exploring ${properties} properties in ${files.join(', ')} for ${minutes} min, ${runs} runs a property a round`);
while (Date.now() < deadline) {
  const seed = (Math.random() * 2 ** 32) | 0;
  const r = spawnSync('npx', ['mocha', '--reporter', 'dot', ...files], { env: { ...process.env, FC_SEED: String(seed), FC_RUNS: String(runs) }, encoding: 'utf8' });
  rounds++;
  if (r.status !== 0) {
    failures.push({ seed, output: `${r.stdout}\n${r.stderr}` });
    console.log(`round ${rounds}, seed ${seed}: COUNTEREXAMPLE\n${r.stdout}\n${r.stderr}`);
  } else {
    console.log(`round ${rounds}, seed ${seed}: ok`);
  }
}
const total = rounds * runs * properties;
console.log(`explored: ${rounds} rounds, ${total} runs in all (${runs} a property a round), ${failures.length} counterexamples`);
for (const f of failures) console.log(`  replay with: FC_SEED=${f.seed} FC_RUNS=${runs} npx mocha ${files.join(' ')}`);
process.exit(failures.length ? 1 : 0);
