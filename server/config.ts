import path from 'node:path';
import { z } from 'zod';
import { parseBBox, type BBox } from './geo/bbox.js';
import type { IntelAssessment } from './lists.js';
import { parseReviewPeriods } from './time/review.js';
import { parseReplicaUrls, redactUrl } from './db/lsn.js';

/** Great Britain with its islands, generously: a sighting outside is a typo, not intelligence. */
const GREAT_BRITAIN = '-8.75,49.8,1.9,60.95';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** Text read by a parser that answers the value, or a message saying what is wrong with the text. */
const parsedBy = <T extends object>(parse: (s: string) => T | string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s, ctx) => {
      const v = parse(s);
      if (typeof v === 'string') {
        ctx.addIssue({ code: 'custom', message: v });
        return z.NEVER;
      }
      return v;
    });

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/**
 * Every setting: env var → [schema with default, one-line description, and, where the
 * schema's default does not say it, the default as the README's table shows it].
 * The README's table is generated from these (`npm run docs:config`).
 */
const settings = {
  PORT: [int(0, 65535).default(3000), 'HTTP port'],
  HOST: [z.string().min(1).default('127.0.0.1'), 'address to listen on'],
  DATABASE_URL: [
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
    'PostgreSQL+PostGIS connection URL; unset = embedded PGlite',
  ],
  LANTERN_READ_DATABASE_URLS: [
    parsedBy(parseReplicaUrls, ''),
    'comma-separated postgres:// URLs of streaming replicas of DATABASE_URL that take map, hot spot, report, OGC, export and profile reads (README, "Read replicas"); PostgreSQL only',
    'none',
  ],
  LANTERN_REPLICA_MAX_LAG_MS: [int(100, 3_600_000).default(5000), 'a replica further behind the primary than this takes no reads until it catches up'],
  LANTERN_DATA_DIR: [z.string().min(1).default('./data'), 'embedded database and demo credentials directory'],
  LANTERN_DEMO: [
    flag.optional(),
    'load the synthetic demo town on first start (default: yes on the embedded database, no on PostgreSQL)',
    'embedded: `1`; PostgreSQL: `0`',
  ],
  LANTERN_DEMO_SIGHTINGS: [int(0, 10_000_000).default(30_000), 'how many sightings the demo town gets'],
  LANTERN_TIMEZONE: [
    z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London').default('Europe/London'),
    'time zone for hour and weekday filters and for times given without an offset',
  ],
  LANTERN_OPERATING_AREA: [
    parsedBy(parseBBox, GREAT_BRITAIN),
    'bbox w,s,e,n (WGS84) outside which sightings are rejected; default Great Britain',
    `Great Britain (\`${GREAT_BRITAIN}\`)`,
  ],
  LANTERN_SESSION_IDLE_MINUTES: [int(1, 24 * 60).default(30), 'a session ends after this long unused'],
  LANTERN_SESSION_MAX_HOURS: [int(1, 24 * 7).default(12), 'a session ends this long after sign-in'],
  LANTERN_LOGIN_RATE_LIMIT: [int(1, 100_000).default(20), 'failed sign-ins per IP address per 15 minutes, whatever the account (successful ones are not counted)'],
  LANTERN_LOCKOUT_THRESHOLD: [int(1, 1000).default(5), 'failed sign-ins in a row to one account from one address before that address must wait'],
  LANTERN_LOCKOUT_BACKOFF_SECONDS: [int(1, 3600).default(30), 'the first wait after a lock-out threshold is reached; each further failure doubles it'],
  LANTERN_LOCKOUT_MINUTES: [int(1, 24 * 60).default(15), 'the longest wait after failed sign-ins'],
  LANTERN_ACCOUNT_LOCKOUT_THRESHOLD: [
    int(1, 1_000_000).default(100),
    'failed sign-ins in a row to one account from all addresses before the account waits (except at addresses it recently signed in from)',
  ],
  LANTERN_REVIEW_MONTHS: [int(1, 240).default(72), 'default review period (MoPI) of a new record, in months'],
  LANTERN_REVIEW_MONTHS_BY_ASSESSMENT: [
    parsedBy(parseReviewPeriods, ''),
    'review periods per intelligence assessment overriding the default, e.g. "E=12,D=36"',
    'none',
  ],
  LANTERN_SECURE_COOKIES: [flag.default(false), 'mark cookies Secure (set to 1 behind HTTPS)'],
  LANTERN_TRUST_PROXY: [flag.default(false), 'trust X-Forwarded-For from a reverse proxy'],
  LANTERN_STATEMENT_TIMEOUT_MS: [int(100, 600_000).default(30_000), 'PostgreSQL statement timeout for requests (start-up work and imports run to their end without it)'],
  LANTERN_IMPORT_MAX_MB: [int(1, 100_000).default(1024), 'largest import file (MiB)'],
  LANTERN_IMPORT_ASYNC_MB: [int(0, 100_000).default(8), 'import files larger than this (MiB) run in the background: 202 and GET /api/imports/:id'],
  LANTERN_AREA_MAX_VERTICES: [int(4, 1_000_000).default(20_000), 'most vertices one imported area may have (counted before the database checks it)'],
  LANTERN_MAP_STYLE: [
    z.url({ message: 'must be a URL of a MapLibre style JSON' }).optional(),
    'a MapLibre style URL for the basemap (its origin is allowed by the CSP); default: an offline style drawn from Lantern\'s own data',
  ],
  LANTERN_BASEMAP_PMTILES: [
    z.string().min(1).optional(),
    'a local PMTiles file the server serves at /basemap.pmtiles as an offline vector basemap',
  ],
  LANTERN_BODY_LIMIT_KB: [int(1, 1_048_576).default(1024), 'largest JSON body accepted (KiB)'],
  LANTERN_MAX_ACTIVE_REQUESTS: [
    int(0, 10_000).default(0),
    'API requests doing database work at once; 0 = 4 on the embedded database, 20 on PostgreSQL',
    'embedded: `4`; PostgreSQL: `20`',
  ],
  LANTERN_MAX_QUEUED_REQUESTS: [int(0, 100_000).default(1000), 'API requests that may wait for a turn; more are answered 503 at once'],
  LANTERN_QUEUE_WAIT_MS: [int(10, 600_000).default(8000), 'longest an API request waits for a turn before it is answered 503 with Retry-After'],
  LANTERN_AUDIT_CHECKPOINT_DIR: [
    z.string().min(1).optional(),
    'directory of the signed audit checkpoints (audit-checkpoints.jsonl) and their key (made 0600 on first use); default the data directory',
    'the data directory',
  ],
  LANTERN_AUDIT_CHECKPOINT_ROWS: [int(0, 100_000_000).default(1000), 'sign a checkpoint of the audit chain head every this many rows (0 = not by count)'],
  LANTERN_AUDIT_CHECKPOINT_MINUTES: [int(0, 7 * 24 * 60).default(60), 'also at the first audit row this many minutes after the last checkpoint (0 = not by time)'],
} as const;

type Settings = typeof settings;
type Env = { [K in keyof Settings]: z.output<Settings[K][0]> };

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Streaming replicas for reads (server/db/replicas.ts); empty = none. */
  readDatabaseUrls: string[];
  replicaMaxLagMs: number;
  dataDir: string;
  /** undefined = the default for the database kind */
  demo: boolean | undefined;
  demoSightings: number;
  timeZone: string;
  operatingArea: BBox;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginRateLimit: number;
  /** Failed sign-ins to one account from one address before that address waits. */
  lockoutThreshold: number;
  /** The first wait; doubled by each further failure, up to lockoutMinutes. */
  lockoutBackoffSeconds: number;
  lockoutMinutes: number;
  /** Failed sign-ins to one account from every address before the account waits. */
  accountLockoutThreshold: number;
  reviewMonths: number;
  reviewMonthsByAssessment: Partial<Record<IntelAssessment, number>>;
  secureCookies: boolean;
  trustProxy: boolean;
  statementTimeoutMs: number;
  bodyLimitKb: number;
  /** The request gate in front of the database (server/http/admission.ts). */
  admission: { active: number; queued: number; waitMs: number };
  importMaxMb: number;
  importAsyncMb: number;
  /** Most vertices one imported area may have. */
  areaMaxVertices: number;
  mapStyle: string | undefined;
  basemapPmtiles: string | undefined;
  /** Signed checkpoints of the audit chain head, outside the database (server/audit/checkpoint.ts). */
  auditCheckpoints: { dir: string; everyRows: number; everyMinutes: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string; value?: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  ${p.variable}=${JSON.stringify(p.value ?? '')}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Reads and validates every setting once; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(settings)) {
    const v = env[key];
    raw[key] = v === undefined || v === '' ? undefined : v;
  }
  const schema = z.object(Object.fromEntries(Object.entries(settings).map(([k, [s]]) => [k, s])));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const variable = String(i.path[0]);
        const value = raw[variable];
        // A URL may hold a password: never print it.
        return { variable, message: i.message, value: value && variable.endsWith('DATABASE_URLS') ? redactUrl(value) : value };
      }),
    );
  }
  const e = parsed.data as Env;
  if (e.LANTERN_READ_DATABASE_URLS.length && !e.DATABASE_URL) {
    throw new ConfigError([{ variable: 'LANTERN_READ_DATABASE_URLS', message: 'read replicas need PostgreSQL: set DATABASE_URL (the embedded database has none)', value: e.LANTERN_READ_DATABASE_URLS.map(redactUrl).join(',') }]);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    readDatabaseUrls: e.LANTERN_READ_DATABASE_URLS,
    replicaMaxLagMs: e.LANTERN_REPLICA_MAX_LAG_MS,
    dataDir: path.resolve(e.LANTERN_DATA_DIR),
    demo: e.LANTERN_DEMO,
    demoSightings: e.LANTERN_DEMO_SIGHTINGS,
    timeZone: e.LANTERN_TIMEZONE,
    operatingArea: e.LANTERN_OPERATING_AREA,
    sessionIdleMinutes: e.LANTERN_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.LANTERN_SESSION_MAX_HOURS,
    loginRateLimit: e.LANTERN_LOGIN_RATE_LIMIT,
    lockoutThreshold: e.LANTERN_LOCKOUT_THRESHOLD,
    lockoutBackoffSeconds: e.LANTERN_LOCKOUT_BACKOFF_SECONDS,
    lockoutMinutes: e.LANTERN_LOCKOUT_MINUTES,
    accountLockoutThreshold: e.LANTERN_ACCOUNT_LOCKOUT_THRESHOLD,
    reviewMonths: e.LANTERN_REVIEW_MONTHS,
    reviewMonthsByAssessment: e.LANTERN_REVIEW_MONTHS_BY_ASSESSMENT,
    secureCookies: e.LANTERN_SECURE_COOKIES,
    trustProxy: e.LANTERN_TRUST_PROXY,
    statementTimeoutMs: e.LANTERN_STATEMENT_TIMEOUT_MS,
    bodyLimitKb: e.LANTERN_BODY_LIMIT_KB,
    // PGlite runs every query on one connection in this process: a few requests at a
    // time keep it busy; PostgreSQL's pool (10) can overlap twice that many.
    admission: { active: e.LANTERN_MAX_ACTIVE_REQUESTS || (e.DATABASE_URL ? 20 : 4), queued: e.LANTERN_MAX_QUEUED_REQUESTS, waitMs: e.LANTERN_QUEUE_WAIT_MS },
    importMaxMb: e.LANTERN_IMPORT_MAX_MB,
    importAsyncMb: e.LANTERN_IMPORT_ASYNC_MB,
    areaMaxVertices: e.LANTERN_AREA_MAX_VERTICES,
    mapStyle: e.LANTERN_MAP_STYLE,
    basemapPmtiles: e.LANTERN_BASEMAP_PMTILES ? path.resolve(e.LANTERN_BASEMAP_PMTILES) : undefined,
    auditCheckpoints: {
      dir: path.resolve(e.LANTERN_AUDIT_CHECKPOINT_DIR ?? e.LANTERN_DATA_DIR),
      everyRows: e.LANTERN_AUDIT_CHECKPOINT_ROWS,
      everyMinutes: e.LANTERN_AUDIT_CHECKPOINT_MINUTES,
    },
  };
}

/** One line per setting for the start-up log, with the database password hidden. */
export function describeConfig(c: Config): string {
  const url = c.databaseUrl ? c.databaseUrl.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@') : '(embedded PGlite)';
  return [
    `database: ${url}`,
    c.readDatabaseUrls.length ? `read replicas: ${c.readDatabaseUrls.map(redactUrl).join(', ')} (max lag ${c.replicaMaxLagMs} ms)` : '',
    c.databaseUrl ? '' : `data dir: ${c.dataDir}`,
    `listen: http://${c.host}:${c.port}`,
    `time zone: ${c.timeZone}`,
    `operating area: ${[c.operatingArea.west, c.operatingArea.south, c.operatingArea.east, c.operatingArea.north].join(',')}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** The default a setting's schema applies when its variable is unset, as documentation shows it. */
function defaultText(schema: z.ZodType): string {
  const r = schema.safeParse(undefined);
  if (!r.success || r.data === undefined) return 'unset';
  if (typeof r.data === 'boolean') return r.data ? '`1`' : '`0`';
  return `\`${String(r.data)}\``;
}

/** Rows for documentation: variable, default (as markdown) and description, in declaration order. */
export function configReference(): { variable: string; default: string; description: string }[] {
  return Object.entries(settings).map(([variable, entry]) => {
    const [schema, description, shown] = entry as readonly [z.ZodType, string, string?];
    return { variable, default: shown ?? defaultText(schema), description };
  });
}

/** The README's configuration table (markdown), one row per setting. */
export function configTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| variable | default | meaning |',
    '|---|---|---|',
    ...configReference().map((r) => `| \`${r.variable}\` | ${cell(r.default)} | ${cell(r.description)} |`),
  ].join('\n');
}

/** Where the first start writes the demo users' passwords (mode 0600). */
export const demoCredentialsFile = (c: Config): string => path.join(c.dataDir, 'demo-credentials.txt');

/** Whether the demo town loads on first start for this database kind. */
export const demoEnabled = (c: Config): boolean => c.demo ?? !c.databaseUrl;
