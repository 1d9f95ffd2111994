/**
 * Every request the client makes goes through this module. It keeps the CSRF
 * token given at sign-in (in memory only) and sends it on each state-changing
 * request; the session itself is an httpOnly cookie the page never sees.
 * Errors come back as `ApiError`, parsed from RFC 9457 problem documents.
 */
import type { GroomingModel, SightingCategory, SourceAgency } from '../../server/lists.js';
import type { SessionUser } from '../../server/http/session.js';
import type { FieldError } from '../../server/http/errors.js';
import type { Wire } from '../../server/http/wire.js';
import type { SightingCollection as ServerSightingCollection } from '../../server/sightings/schema.js';
import type { Health } from '../../server/health/schema.js';
import type { LoginResponse, MeResponse } from '../../server/auth/schema.js';

/** Given at sign-in (or by /me); sent as X-CSRF-Token on state-changing requests. */
let csrfToken: string | undefined;

// ---- Types of the HTTP contract -------------------------------------------------

export type User = SessionUser;

/** The signed-in session as the client knows it. */
export interface Session {
  user: User;
  /** The stated purpose of this working session; null until set. */
  purpose: string | null;
}

export type { Health };

/** A page of `GET /api/sightings`, as the server declares it. */
export type SightingCollection = Wire<ServerSightingCollection>;
export type SightingFeature = SightingCollection['features'][number];

/** Filters of `GET /api/sightings`; see DESIGN.md. */
export interface SightingQuery {
  /** Inclusive start: a date (YYYY-MM-DD) or an ISO 8601 timestamp. */
  from?: string;
  /** Exclusive end, as `from`. */
  to?: string;
  /** Hour-of-day window in the team's time zone, may wrap midnight, e.g. "18-3". */
  hours?: string;
  /** Weekday names, e.g. ["fri", "sat"]. */
  days?: string[];
  category?: SightingCategory[];
  agency?: SourceAgency[];
  model?: GroomingModel[];
  /** `[west, south, east, north]`, WGS84 degrees. */
  bbox?: [number, number, number, number];
  limit?: number;
}

export type { FieldError };

/**
 * A failed request. `status` is the HTTP status, or 0 when the server could not
 * be reached at all; `detail` is a sentence fit to show the user.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  /** Problem type, e.g. "/problems/purpose-required". */
  readonly type: string | undefined;
  readonly errors: FieldError[] | undefined;

  constructor(status: number, title: string, detail: string, options: { type?: string; errors?: FieldError[] } = {}) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.type = options.type;
    this.errors = options.errors;
  }

  /** The message the server gave for one field, if any. */
  fieldMessage(path: string): string | undefined {
    return this.errors?.find((e) => e.path === path)?.message;
  }
}

/** The session is missing or has ended: sign in again. */
export const isUnauthenticated = (err: unknown): err is ApiError => err instanceof ApiError && err.status === 401;
/** Individual records need a stated purpose first. */
export const isPurposeRequired = (err: unknown): err is ApiError => err instanceof ApiError && err.status === 428;
/** A failure the session, not the page, must answer: sign in again (401) or state the purpose (428). */
export const isSessionProblem = (err: unknown): err is ApiError => isUnauthenticated(err) || isPurposeRequired(err);

/** Any thrown value as an ApiError to show, titled `title` when it is not one already. */
export const asApiError = (err: unknown, title: string): ApiError =>
  err instanceof ApiError ? err : new ApiError(0, title, String(err));

// ---- Auth --------------------------------------------------------------------------


/** `POST /api/auth/login`. Throws ApiError (401 wrong credentials, 423 locked, 429 too many tries). */
export async function login(username: string, password: string): Promise<Session> {
  const r = await request<LoginResponse>('POST', '/api/auth/login', { username, password });
  csrfToken = r.csrfToken;
  return { user: r.user, purpose: null };
}

/** `GET /api/auth/me`: the current session, or null when not signed in. */
export async function currentSession(): Promise<Session | null> {
  try {
    const r = await request<MeResponse>('GET', '/api/auth/me');
    csrfToken = r.csrfToken;
    return { user: r.user, purpose: r.purpose };
  } catch (err) {
    if (isUnauthenticated(err)) {
      csrfToken = undefined;
      return null;
    }
    throw err;
  }
}

/** `PUT /api/auth/purpose`: states why this session reads records; returns it as stored. */
export async function setPurpose(purpose: string): Promise<string> {
  const r = await request<{ purpose: string }>('PUT', '/api/auth/purpose', { purpose });
  return r.purpose;
}

/** `POST /api/auth/logout`. A session that has already ended counts as signed out. */
export async function logout(): Promise<void> {
  try {
    await request<void>('POST', '/api/auth/logout');
  } catch (err) {
    if (!isUnauthenticated(err)) throw err;
  } finally {
    csrfToken = undefined;
  }
}

// ---- Data --------------------------------------------------------------------------

/** `GET /healthz`; needs no session. */
export function health(): Promise<Health> {
  return request<Health>('GET', '/healthz');
}

/** `GET /api/sightings`: newest first. Needs a reading role and a stated purpose. */
export function sightings(query: SightingQuery, signal?: AbortSignal): Promise<SightingCollection> {
  return request<SightingCollection>('GET', `/api/sightings${queryString(query)}`, undefined, signal);
}

/**
 * `GET path?params` for the feature modules (e.g. `map/api.ts`), which type each
 * endpoint; parameters whose value is undefined are left out.
 */
export function getJson<T>(path: string, params: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', `${path}${queryString(params)}`, undefined, signal);
}

/** `POST path` with a JSON body (and the CSRF token), for the feature modules. */
export function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return request<T>('POST', path, body, signal);
}

/** `PATCH path` with a JSON body (and the CSRF token), for the feature modules. */
export function patchJson<T>(path: string, body: unknown): Promise<T> {
  return request<T>('PATCH', path, body);
}

/** `DELETE path` (and the CSRF token), for the feature modules; some deletions carry a body (e.g. the reason). */
export function deleteJson<T = void>(path: string, body?: unknown): Promise<T> {
  return request<T>('DELETE', path, body);
}

/** `POST path` with a text body of `contentType` (e.g. a CSV), answered with JSON. */
export function postText<T>(path: string, text: string, contentType: string): Promise<T> {
  return send('POST', path, { text, contentType }).then((res) => res.json() as Promise<T>);
}

/** A file the server sends (a PDF, a CSV…), with the name its Content-Disposition gives it. */
export interface FileDownload {
  blob: Blob;
  fileName: string;
}

/**
 * `GET path`, or `POST path` with `body` (JSON, or `{ text, contentType }`), whose answer
 * is a file to save; `fallbackName` when the server names none. Never cached: every
 * download is a disclosure the server audits.
 */
export async function downloadFile(method: 'GET' | 'POST', path: string, fallbackName: string, body?: unknown): Promise<FileDownload> {
  const res = await send(method, path, body === undefined ? {} : isText(body) ? body : { json: body }, { accept: '*/*', cache: 'no-store' });
  const fileName = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  return { blob: await res.blob(), fileName };
}

/**
 * The CSRF header for a state-changing request a feature module sends itself
 * (e.g. a file upload through XMLHttpRequest, for its upload progress).
 */
export const csrfHeaders = (): Record<string, string> => (csrfToken ? { 'X-CSRF-Token': csrfToken } : {});

/** Reads a failed response's RFC 9457 problem document, for requests sent outside this module. */
export const problemOfResponse = (res: Response): Promise<ApiError> => problemOf(res);

// ---- Plumbing ----------------------------------------------------------------------

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface TextBody {
  text: string;
  contentType: string;
}
const isText = (b: unknown): b is TextBody =>
  typeof b === 'object' && b !== null && typeof (b as TextBody).text === 'string' && typeof (b as TextBody).contentType === 'string';

async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await send(method, path, body === undefined ? {} : { json: body }, { ...(signal ? { signal } : {}) });
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Sends one request with the session's CSRF token; a failure becomes an ApiError (0: unreachable). */
async function send(
  method: Method,
  path: string,
  body: { json?: unknown } | TextBody,
  opts: { signal?: AbortSignal; accept?: string; cache?: RequestCache } = {},
): Promise<Response> {
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
  const payload = isText(body) ? body.text : 'json' in body && body.json !== undefined ? JSON.stringify(body.json) : undefined;
  if (payload !== undefined) headers['Content-Type'] = isText(body) ? body.contentType : 'application/json';
  if (STATE_CHANGING.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      // The server says what may be kept: map layers are revalidated (ETag → 304), the rest is no-store.
      cache: opts.cache ?? (method === 'GET' ? 'no-cache' : 'no-store'),
      ...(payload !== undefined ? { body: payload } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'Server unreachable', 'Lantern’s server could not be reached. Check the connection and try again.');
  }

  if (!res.ok) throw await problemOf(res);
  return res;
}

/** Reads an RFC 9457 problem document; anything else becomes a plain ApiError. */
async function problemOf(res: Response): Promise<ApiError> {
  const fallback = `The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`;
  const type = res.headers.get('content-type') ?? '';
  if (!/^application\/(problem\+)?json\b/i.test(type)) {
    return new ApiError(res.status, res.statusText || 'Request failed', fallback);
  }
  try {
    const p = (await res.json()) as Partial<{ type: string; title: string; detail: string; errors: unknown }>;
    const errors = Array.isArray(p.errors) ? p.errors.filter(isFieldError) : undefined;
    return new ApiError(res.status, str(p.title) ?? (res.statusText || 'Request failed'), str(p.detail) ?? fallback, {
      ...(str(p.type) ? { type: p.type } : {}),
      ...(errors ? { errors } : {}),
    });
  } catch {
    return new ApiError(res.status, res.statusText || 'Request failed', fallback);
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function isFieldError(v: unknown): v is FieldError {
  return typeof v === 'object' && v !== null && typeof (v as FieldError).path === 'string' && typeof (v as FieldError).message === 'string';
}

/** `?from=…&hours=18-3`: lists joined with commas, empty values left out. */
function queryString(q: SightingQuery | Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q) as [string, unknown][]) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
