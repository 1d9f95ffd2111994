/**
 * Every request the client makes goes through this module. It keeps the CSRF
 * token given at sign-in (in memory only) and sends it on each state-changing
 * request; the session itself is an httpOnly cookie the page never sees.
 * Errors come back as `ApiError`, parsed from RFC 9457 problem documents.
 */
import type {
  GroomingModel,
  HandlingCode,
  IntelAssessment,
  Role,
  SightingCategory,
  SourceAgency,
  SourceEvaluation,
} from '../../server/lists';

/** Given at sign-in (or by /me); sent as X-CSRF-Token on state-changing requests. */
let csrfToken: string | undefined;

// ---- Types of the HTTP contract -------------------------------------------------

export interface User {
  id: string;
  username: string;
  role: Role;
  displayName: string;
}

/** The signed-in session as the client knows it. */
export interface Session {
  user: User;
  /** The stated purpose of this working session; null until set. */
  purpose: string | null;
}

export interface Health {
  status: string;
  database: 'pglite' | 'postgres';
  /** PostGIS version, e.g. "3.6". */
  postgis: string;
  /** The first start loaded the demo town and wrote its users' passwords to demo-credentials.txt in the data directory. */
  demo: boolean;
}

/** Light properties of a sighting as the list endpoint returns them. */
export interface SightingSummary {
  id: string;
  category: SightingCategory;
  /** ISO 8601 timestamp. */
  observedAt: string;
  sourceAgency: SourceAgency;
  groomingModel: GroomingModel;
  sourceEval: SourceEvaluation;
  intelAssessment: IntelAssessment;
  handlingCode: HandlingCode;
  areaId: string | null;
  premisesId: string | null;
  vehicleId: string | null;
}

export interface SightingFeature {
  type: 'Feature';
  id: string;
  /** WGS84, [lon, lat]. */
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: SightingSummary;
}

/** A page of sightings (OGC API – Features style counts). */
export interface SightingCollection {
  type: 'FeatureCollection';
  /** How many sightings match the filters in all. */
  numberMatched: number;
  numberReturned: number;
  /** True when more matched than were returned. */
  truncated: boolean;
  features: SightingFeature[];
}

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

/** One bad field of a request, as the server names it. */
export interface FieldError {
  path: string;
  message: string;
}

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

// ---- Auth --------------------------------------------------------------------------

interface LoginResponse {
  user: User;
  csrfToken: string;
}

interface MeResponse extends LoginResponse {
  purpose: string | null;
}

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

/** `DELETE path` (and the CSRF token), for the feature modules. */
export function deleteJson<T = void>(path: string): Promise<T> {
  return request<T>('DELETE', path);
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

async function request<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (STATE_CHANGING.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      // The server says what may be kept: map layers are revalidated (ETag → 304), the rest is no-store.
      cache: method === 'GET' ? 'no-cache' : 'no-store',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'Server unreachable', 'Lantern’s server could not be reached. Check the connection and try again.');
  }

  if (!res.ok) throw await problemOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
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
