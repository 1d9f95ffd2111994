/**
 * Pure helpers for read replicas: WAL positions (LSNs) and the replica URL list.
 * PostgreSQL writes an LSN as two hex numbers, the high and low 32 bits: '16/B374D848'.
 */

const LSN = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

/** Whether text is an LSN as PostgreSQL prints it. */
export const isLsn = (s: string): boolean => LSN.test(s);

/** An LSN as the 64-bit number it stands for; throws on anything else. */
export function lsnValue(s: string): bigint {
  const m = LSN.exec(s);
  if (!m) throw new Error(`not an LSN: ${JSON.stringify(s.slice(0, 40))}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** Whether WAL position `a` is at or past `b`. Compared as numbers: as text '0/A' < '0/9'. */
export const lsnAtLeast = (a: string, b: string): boolean => lsnValue(a) >= lsnValue(b);

/** Bytes of WAL from `from` to `to`; 0 when `from` is already at or past `to`. */
export function lsnBytesBehind(from: string, to: string): number {
  const d = lsnValue(to) - lsnValue(from);
  return d > 0n ? Number(d) : 0;
}

/**
 * `LANTERN_READ_DATABASE_URLS`: comma-separated postgres:// URLs (spaces around commas
 * allowed, empty items ignored), or a message saying what is wrong. Duplicates are refused:
 * one replica listed twice would take twice its share of reads.
 */
export function parseReplicaUrls(text: string): string[] | string {
  const urls = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const u of urls) {
    if (!/^postgres(ql)?:\/\//.test(u)) return `${redactUrl(u)} is not a postgres:// URL`;
    try {
      if (!new URL(u).hostname) return `${redactUrl(u)} names no host`;
    } catch {
      return `${redactUrl(u)} is not a valid URL`;
    }
  }
  if (new Set(urls).size !== urls.length) return 'a replica is listed twice';
  return urls;
}

/** A URL with its password replaced by ***, for logs, /healthz and /metrics. */
export const redactUrl = (url: string): string => url.replace(/\/\/([^:/@]*):[^@/]*@/g, '//$1:***@');

/** How a replica is named in health and metrics: host:port/database, never credentials. */
export function replicaName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return redactUrl(url);
  }
}
