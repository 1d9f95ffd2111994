import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const server = path.join(root, 'server');

/** The shared layers: everything else under server/ with a folder of its own is a domain. */
const SHARED = ['http', 'db', 'geo', 'time'];

const domains = () =>
  fs
    .readdirSync(server, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !SHARED.includes(d.name))
    .map((d) => d.name);

const sourcesIn = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourcesIn(p);
    return /\.(ts|tsx|mts)$/.test(d.name) ? [p] : [];
  });

/** Every module specifier a file names: static imports and re-exports (type-only too), and dynamic imports. */
export function specifiersOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s;}])(?:import|export)\s[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/(?:^|[\s;])import\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

/** The domain folder a relative specifier from `file` lands in, if any. */
function domainOf(file: string, specifier: string, known: string[]): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.relative(server, path.resolve(path.dirname(file), specifier));
  const [first, ...rest] = target.split(path.sep);
  return rest.length && first && known.includes(first) ? first : undefined;
}

describe('layers: shared code imports no domain', () => {
  it('when an import statement names a domain module, then the scanner sees it (static, type-only, re-export, dynamic)', () => {
    const text = [
      "import { record, type Actor } from '../audit/service.js';",
      "import type { AuthContext } from '../auth/schema.js';",
      "export { x } from '../tokens/service.js';",
      "const m = await import('../hotspots/kde.js');",
      "import '../reports/print.js';",
    ].join('\n');
    const file = path.join(server, 'http', 'example.ts');
    const hits = specifiersOf(text).map((s) => domainOf(file, s, ['audit', 'auth', 'tokens', 'hotspots', 'reports']));
    expect(hits).to.deep.equal(['audit', 'auth', 'tokens', 'reports', 'hotspots']);
    expect(domainOf(file, './errors.js', ['audit'])).to.equal(undefined);
    expect(domainOf(file, '../lists.js', ['audit'])).to.equal(undefined);
    expect(domainOf(file, 'express', ['audit'])).to.equal(undefined);
  });

  it('when the files of server/http, server/db, server/geo, server/time and server/config.ts are scanned, then none imports a domain folder', () => {
    const known = domains();
    expect(known, 'domain folders found').to.include.members(['audit', 'auth', 'sightings']);
    const files = [...SHARED.flatMap((d) => sourcesIn(path.join(server, d))), path.join(server, 'config.ts')];
    const offending = files.flatMap((file) =>
      specifiersOf(fs.readFileSync(file, 'utf8'))
        .filter((s) => domainOf(file, s, known))
        .map((s) => `${path.relative(root, file)} imports ${s}`),
    );
    expect(offending).to.deep.equal([]);
  });
});
