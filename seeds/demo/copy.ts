/**
 * COPY for the demo seed: rows as PostgreSQL's text format, and the one call that
 * sends such text into a table on either database, inside a knex transaction. On
 * PostgreSQL the text streams through pg-copy-streams on the transaction's own
 * connection; PGlite has no COPY FROM STDIN stream, so it reads the same text as a
 * blob (`COPY … FROM '/dev/blob'`).
 *
 * @example
 * const text = copyLine(['SYN-1', 53.58, null, ['a', 'b']]); // 'SYN-1\t53.58\t\\N\t{"a","b"}\n'
 * await copyText(trx, 'postgres', 'copy stage (ref, lat, note, tags)', text);
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import copyStreams from 'pg-copy-streams';
import type { DbKind } from '../../server/db/index.js';

/** A value as COPY's text format reads it; arrays become array literals (text[]). */
export type CopyValue = string | number | null | readonly string[];

/** What the text format escapes: backslash, tab, newline, carriage return. */
const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeText = (s: string) => (SPECIAL.test(s) ? s.replace(SPECIALS, (c) => ESCAPES[c]!) : s);

/** `{"a","b"}`: every element quoted, so commas, braces and spaces need no thought. */
const arrayLiteral = (values: readonly string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/** One field: `\N` for null, numbers as JavaScript writes them (the shortest text that reads back the same double). */
export function copyField(v: CopyValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'string') return escapeText(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`COPY cannot carry the number ${v}`);
    return String(v);
  }
  return escapeText(arrayLiteral(v));
}

/** One row: fields separated by tabs, ended by a newline. */
export const copyLine = (fields: readonly CopyValue[]): string => `${fields.map(copyField).join('\t')}\n`;

/**
 * Sends `text` (lines made by `copyLine`) to `copy`, a `copy <table> (<columns>)`
 * statement without its FROM, within `trx`. Returns the rows COPY read.
 */
export async function copyText(trx: Knex.Transaction, kind: DbKind, copy: string, text: string): Promise<number> {
  if (text.length === 0) return 0;
  // In a transaction knex's client hands back the transaction's own connection (and
  // releasing it does nothing), so the COPY is part of the transaction.
  const client = trx.client as Knex.Client & { transacting?: boolean };
  if (!client.transacting) throw new Error('copyText needs a transaction, so that the rows go in with the rest or not at all');
  const connection: unknown = await client.acquireConnection();
  if (kind === 'pglite') {
    const r = await (connection as PGlite).query(`${copy} from '/dev/blob'`, [], { blob: new Blob([text]) });
    return r.affectedRows ?? 0;
  }
  const stream = (connection as pg.Client).query(copyStreams.from(`${copy} from stdin`));
  await pipeline(Readable.from([text]), stream);
  return stream.rowCount;
}
