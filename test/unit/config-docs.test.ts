import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { configReference, configTable } from '../../server/config.js';
import { CONFIG_TABLE_END, CONFIG_TABLE_START, withConfigTable } from '../../scripts/config-table.js';

const readme = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md');

describe('the configuration table of the README', () => {
  it('when the settings are listed, then each has its variable, its default as the server applies it and its description', () => {
    const rows = configReference();
    expect(rows.find((r) => r.variable === 'PORT')).to.deep.equal({ variable: 'PORT', default: '`3000`', description: 'HTTP port' });
    expect(rows.find((r) => r.variable === 'LANTERN_SECURE_COOKIES')?.default).to.equal('`0`');
    expect(rows.find((r) => r.variable === 'DATABASE_URL')?.default).to.equal('unset');
    expect(rows.find((r) => r.variable === 'LANTERN_OPERATING_AREA')?.default).to.equal('Great Britain (`-8.75,49.8,1.9,60.95`)');
    const table = configTable();
    expect(table.split('\n')[0]).to.equal('| variable | default | meaning |');
    expect(table).to.include('| `PORT` | `3000` | HTTP port |');
    expect(table.split('\n')).to.have.length(rows.length + 2);
  });

  it('when a table is written between the markers, then only the text between them changes', () => {
    const doc = `# Title\n\n${CONFIG_TABLE_START}\nold table\n${CONFIG_TABLE_END}\n\nAfter.\n`;
    expect(withConfigTable(doc, '| a |')).to.equal(`# Title\n\n${CONFIG_TABLE_START}\n| a |\n${CONFIG_TABLE_END}\n\nAfter.\n`);
    expect(() => withConfigTable('# no markers', '| a |')).to.throw(/markers/);
  });

  it('when README.md is read, then its configuration table is the one config.ts declares (npm run docs:config rewrites it)', () => {
    const text = fs.readFileSync(readme, 'utf8');
    expect(text).to.include(CONFIG_TABLE_START).and.to.include(CONFIG_TABLE_END);
    expect(withConfigTable(text, configTable()), 'README.md differs from config.ts: run npm run docs:config').to.equal(text);
  });
});
