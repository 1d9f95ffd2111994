import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import copyStreams from 'pg-copy-streams';
import type { DbKind } from './index.js';

/**
 * Bulk loading with COPY in PostgreSQL's text format, on either database, inside a
 * knex transaction: on PostgreSQL the rows stream through pg-copy-streams on the
 * transaction's own connection; PGlite has no COPY FROM STDIN stream, so it reads
 * the same text as a blob (`COPY … FROM '/dev/blob'`).
 */

/** A value as COPY text reads it. Arrays are PostgreSQL array literals (text[], integer[]). */
export type CopyValue = string | number | boolean | null | undefined | readonly string[];

/** Backslash, tab, newline and carriage return are what COPY's text format escapes. */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

const escapeText = (s: string) => (SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s);

/** `{"a","b \"c\""}`: every element quoted, so commas, braces and spaces need no thought. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** One field of a COPY text line: `\N` for null, booleans as t/f, numbers as written. */
export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeText(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`COPY cannot carry the number ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return escapeText(arrayLiteral(v));
}

/** One row: fields separated by tabs, ended by a newline. */
export const copyLine = (fields: readonly CopyValue[]): string => `${fields.map(copyField).join('\t')}\n`;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface CopyTarget {
  kind: DbKind;
}

/**
 * Loads `text` (lines made by `copyLine`) into `table (columns)` within `trx`.
 * Returns the number of rows COPY reports.
 */
export async function copyInto(trx: Knex.Transaction, target: CopyTarget, table: string, columns: readonly string[], text: string): Promise<number> {
  if (text.length === 0) return 0;
  // Inside a transaction knex's client hands back the transaction's own connection
  // (and releasing it is a no-op), so the COPY is part of the transaction.
  const client = trx.client as Knex.Client & { transacting?: boolean; acquireConnection(): Promise<unknown> };
  if (!client.transacting) throw new Error('copyInto needs a transaction');
  const connection = await client.acquireConnection();
  const into = `copy ${ident(table)} (${columns.map(ident).join(', ')})`;
  if (target.kind === 'pglite') {
    const r = await (connection as PGlite).query(`${into} from '/dev/blob'`, [], { blob: new Blob([text]) });
    return r.affectedRows ?? 0;
  }
  const stream = (connection as pg.Client).query(copyStreams.from(`${into} from stdin`));
  await pipeline(Readable.from([text]), stream);
  return stream.rowCount;
}
