import type { Request } from 'express';
import { z } from 'zod';
import { badRequest, unsupportedMediaType, type FieldError } from './errors.js';

/** Turns zod issues into field errors; unknown keys are named one by one. */
export function fieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: base ? `${base}.${key}` : key, message: `unknown field "${key}"` });
      }
    } else {
      out.push({ path: base, message: issue.message });
    }
  }
  return out;
}

/** Paths of every string holding a NUL character, which PostgreSQL text cannot store. */
function nulPaths(value: unknown, path: string[] = [], out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path.join('.'));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push([...path, k.replace(/\u0000/g, '\\0')].join('.'));
      nulPaths(v, [...path, k], out);
    }
  }
  return out;
}

/** Parses a value with a schema or throws a 400 naming every bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const nul = nulPaths(value);
  if (nul.length) {
    throw badRequest(`The ${what} has text with a NUL character in: ${nul.join(', ')}.`, nul.map((path) => ({ path, message: 'contains a NUL character' })));
  }
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = fieldErrors(r.error.issues);
  throw badRequest(`The ${what} has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((e) => e.path || '(body)').join(', ')}.`, errors);
}

/** The path of a route on one record, `/:id`: the id is a UUID. */
export const idParam = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });

/** The query string, checked against a schema (repeated parameters are refused by the schema's string types). */
export const parseQuery = <S extends z.ZodType>(schema: S, req: Request) => parse(schema, req.query, 'query');

/** The JSON body, checked against a schema; a body of another media type is a 415. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    throw unsupportedMediaType(`Send the body as application/json, not ${req.headers['content-type'] ?? 'an unnamed type'}.`);
  }
  return parse(schema, req.body ?? {}, 'body');
}
