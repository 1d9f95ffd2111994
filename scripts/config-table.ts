/**
 * Rewrites the configuration table of README.md from the settings declared in
 * server/config.ts, between the two markers. `npm run docs:config`; the unit test
 * test/unit/config-docs.test.ts fails while README.md and config.ts disagree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configTable } from '../server/config.js';

export const CONFIG_TABLE_START = '<!-- config:start (generated from server/config.ts by `npm run docs:config`) -->';
export const CONFIG_TABLE_END = '<!-- config:end -->';

/** The document with `table` in place of whatever stands between the markers. */
export function withConfigTable(doc: string, table: string): string {
  const start = doc.indexOf(CONFIG_TABLE_START);
  const end = doc.indexOf(CONFIG_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${CONFIG_TABLE_START} and ${CONFIG_TABLE_END} around its configuration table`);
  return `${doc.slice(0, start + CONFIG_TABLE_START.length)}\n${table}\n${doc.slice(end)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const readme = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
  const before = fs.readFileSync(readme, 'utf8');
  const after = withConfigTable(before, configTable());
  if (after !== before) fs.writeFileSync(readme, after);
  console.log(after === before ? 'README.md: configuration table already current' : 'README.md: configuration table rewritten');
}
