import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { badRequest, type FieldError } from './errors.js';

/**
 * Guards of the front door, run before any schema or handler sees a request: JSON
 * nested deeper than any of Lantern's documents, and text no database can store
 * faithfully (lone UTF-16 surrogates), are refused with a 400 naming the field.
 */

/** Deepest nesting of arrays and objects a JSON body may have (a MultiPolygon inside a body is 5). */
export const MAX_JSON_DEPTH = 64;

/** The error `express.json`'s `verify` throws for a body nested too deep; the problem handler turns it into a 400. */
export class TooDeep extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
  constructor(
    readonly path: string,
    readonly depth: number,
  ) {
    super(`The JSON body is nested more than ${depth} deep.`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The path (dotted, as field errors name fields) of the first array or object nested
 * deeper than `max` in a JSON text, or null. Reads the raw bytes once, without
 * recursion and without parsing, so a body 100,000 deep costs one pass and no stack.
 * Malformed JSON is left for the parser to refuse.
 */
export function tooDeepAt(buf: Uint8Array, max = MAX_JSON_DEPTH): string | null {
  /** Per open container: its key or index so far (objects: the last key read). */
  const keys: (string | number)[] = [];
  const isObject: boolean[] = [];
  let expectKey = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === QUOTE) {
      const start = i;
      for (i++; i < buf.length && buf[i] !== QUOTE; i++) if (buf[i] === BACKSLASH) i++;
      if (expectKey && isObject[isObject.length - 1]) {
        keys[keys.length - 1] = keyText(buf, start, i);
        expectKey = false;
      }
      continue;
    }
    switch (c) {
      case 0x7b: // {
      case 0x5b: // [
        if (keys.length >= max) return keys.map(String).join('.');
        keys.push(c === 0x7b ? '' : 0);
        isObject.push(c === 0x7b);
        expectKey = c === 0x7b;
        break;
      case 0x7d: // }
      case 0x5d: // ]
        keys.pop();
        isObject.pop();
        expectKey = false;
        break;
      case 0x2c: // ,
        if (isObject[isObject.length - 1]) expectKey = true;
        else if (keys.length) keys[keys.length - 1] = (keys[keys.length - 1] as number) + 1;
        break;
    }
  }
  return null;
}

/** A key as text (its JSON escapes read); a key too odd to read is named by its raw bytes. */
function keyText(buf: Uint8Array, start: number, end: number): string {
  const raw = Buffer.from(buf.buffer, buf.byteOffset + start, end - start + 1).toString('utf8');
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

/** `express.json({ verify })`: refuses a body nested deeper than MAX_JSON_DEPTH before it is parsed. */
export function refuseDeepJson(_req: IncomingMessage, _res: unknown, buf: Buffer, encoding: string): void {
  // UTF-16 and UTF-32 bodies (allowed by the parser, used by nobody) are decoded first.
  const bytes = /^utf-?8$/i.test(encoding || 'utf-8') ? buf : Buffer.from(new TextDecoder(encoding).decode(buf), 'utf8');
  const at = tooDeepAt(bytes);
  if (at !== null) throw new TooDeep(at, MAX_JSON_DEPTH);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string holds a UTF-16 surrogate that is not half of a pair. */
export const hasLoneSurrogate = (s: string): boolean => LONE_SURROGATE.test(s);

/**
 * Paths of every string (and key) holding a lone surrogate, walking without recursion.
 * Depth is already bounded by `refuseDeepJson` for bodies; query strings are flat.
 */
export function loneSurrogatePaths(value: unknown, prefix = ''): string[] {
  const out: string[] = [];
  const stack: [unknown, string][] = [[value, prefix]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (hasLoneSurrogate(v)) out.push(path);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const safeKey = hasLoneSurrogate(k) ? k.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd') : k;
        const p = path ? `${path}.${safeKey}` : safeKey;
        if (safeKey !== k) out.push(p);
        stack.push([child, p]);
      }
    }
  }
  return out.sort();
}

/**
 * Refuses a request whose JSON body, query string or path holds a lone UTF-16 surrogate
 * (e.g. "\ud800"): PostgreSQL's JSON cannot store one and text would silently become
 * U+FFFD, so the request is a 400 naming each field rather than a failure later.
 * Runs after body parsing, before every route.
 */
export const refuseLoneSurrogates: RequestHandler = (req, _res, next) => {
  const errors: FieldError[] = [];
  const message = 'contains a lone UTF-16 surrogate (half of a character)';
  for (const path of loneSurrogatePaths(req.body)) errors.push({ path, message });
  for (const path of loneSurrogatePaths(req.query)) errors.push({ path, message });
  let decodedPath = '';
  try {
    decodedPath = decodeURIComponent(req.path);
  } catch {
    // Malformed escapes cannot decode to a surrogate; the router refuses them itself.
  }
  if (hasLoneSurrogate(decodedPath)) errors.push({ path: 'path', message });
  if (errors.length) {
    return next(badRequest(`The request has text with a lone surrogate in: ${errors.map((e) => e.path || '(body)').join(', ')}.`, errors));
  }
  next();
};
