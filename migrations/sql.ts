import type { Knex } from 'knex';

/**
 * Runs a script of several statements one by one: PGlite's extended protocol
 * refuses several commands in one prepared statement. A statement ends at a
 * `;` that closes a line outside a `$$ … $$` function body.
 */
export async function runScript(knex: Knex, script: string): Promise<void> {
  // knex.raw reads every `?` as a binding; scripts have none, so each `?` is literal (e.g. in a regex).
  for (const statement of splitStatements(script)) await knex.raw(statement.replace(/\?/g, '\\?'));
}

export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of script.split('\n')) {
    current.push(line);
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line.replace(/--.*$/, ''))) {
      const stmt = current.join('\n').trim().replace(/;$/, '');
      if (stmt.replace(/--.*$/gm, '').trim()) out.push(stmt);
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest.replace(/--.*$/gm, '').trim()) out.push(rest);
  return out;
}
