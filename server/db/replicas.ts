import type { Knex } from 'knex';
import { isLsn, lsnAtLeast, lsnBytesBehind } from './lsn.js';

/**
 * Read replicas: where a read-only query runs. The one routing rule of the server:
 * services hand their data query to `Db.read` (server/db/index.ts), which calls
 * `ReplicaSet.read`; everything else uses the primary's knex.
 *
 * A replica takes reads while it is `up`: it answered the last check, is in recovery,
 * and is no more than `maxLagMs` behind. A caller that has just written names the WAL
 * position of its write (`minLsn`); its reads go to a replica only once the replica is
 * known to have replayed past it, else to the primary.
 */

export type ReplicaState = 'up' | 'lagging' | 'down';

export interface ReplicaStatus {
  /** host:port/database: never the URL, which may hold a password. */
  name: string;
  state: ReplicaState;
  /** Milliseconds of writes the replica has not replayed; null until checked, or while the primary is away. */
  lagMs: number | null;
  /** Bytes of WAL the replica has not replayed; null as for lagMs. */
  lagBytes: number | null;
  /** The last replayed WAL position seen. */
  replayLsn: string | null;
  /** Reads it has answered since start. */
  reads: number;
  /** Why it is down (the database's message), if it is. */
  error: string | null;
}

interface Replica {
  name: string;
  knex: Knex;
  state: ReplicaState;
  lagMs: number | null;
  lagBytes: number | null;
  replayLsn: string | null;
  reads: number;
  error: string | null;
  /** When a check last found it had replayed everything the primary had written (ms epoch). */
  caughtUpAt: number;
}

export interface ReplicaOptions {
  maxLagMs: number;
  /** How often each replica is checked. */
  pollMs?: number;
  /** Longest a check may take before the replica counts as down. */
  checkTimeoutMs?: number;
}

/** Connection-level failures: the node-postgres/OS errors for a dead or unreachable server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether a failed query failed because of the replica rather than the query, so that
 * running it again on the primary can succeed: the connection failed (SQLSTATE class 08,
 * socket errors, no connection from the pool in time), the server is shutting down or
 * starting (57P01–57P03), or replay cancelled it (40001 "conflict with recovery", 57P04).
 * A statement timeout (57014) is not: the primary would spend as long again.
 */
export function isReplicaFault(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', '57P04', '40001'].includes(code)) return true;
  if (NETWORK_CODES.has(code)) return true;
  if (e.name === 'KnexTimeoutError') return true;
  return typeof e.message === 'string' && /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (shutting down|starting up)/i.test(e.message);
}

export class ReplicaSet {
  private readonly replicas: Replica[];
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  /** Reads `read` sent to the primary: none configured, none up, none far enough, or a replica failed. */
  primaryReads = 0;

  constructor(
    private readonly primary: Knex,
    replicas: { name: string; knex: Knex }[],
    private readonly opts: ReplicaOptions,
  ) {
    this.replicas = replicas.map((r) => ({ ...r, state: 'down', lagMs: null, lagBytes: null, replayLsn: null, reads: 0, error: 'not checked yet', caughtUpAt: 0 }));
  }

  /** Checks every replica once, then every `pollMs` in the background (the timer does not keep the process alive). */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.opts.pollMs ?? 500);
    this.timer.unref();
  }

  /**
   * Runs `fn` on a replica that may take it, or on the primary. `fn` must only read: if
   * the replica fails under it (down, restarting, replay conflict) the replica is taken
   * out of rotation and `fn` runs again on the primary, so no request fails because a
   * replica did.
   */
  async read<T>(minLsn: string | null | undefined, fn: (knex: Knex) => Promise<T>): Promise<T> {
    const r = this.pick(minLsn);
    if (!r) {
      this.primaryReads++;
      return fn(this.primary);
    }
    try {
      const out = await fn(r.knex);
      r.reads++;
      return out;
    } catch (err) {
      if (!isReplicaFault(err)) throw err;
      this.markDown(r, err);
      this.primaryReads++;
      return fn(this.primary);
    }
  }

  /** The next replica in turn that is up and known to have replayed to `minLsn`, if any. */
  pick(minLsn: string | null | undefined): Replica | undefined {
    // Something that is not an LSN cannot be compared: the primary is always current.
    if (minLsn && !isLsn(minLsn)) return undefined;
    const ok = this.replicas.filter((r) => r.state === 'up' && (!minLsn || (r.replayLsn !== null && lsnAtLeast(r.replayLsn, minLsn))));
    if (!ok.length) return undefined;
    this.next = (this.next + 1) % 1_000_000;
    return ok[this.next % ok.length];
  }

  status(): ReplicaStatus[] {
    return this.replicas.map(({ name, state, lagMs, lagBytes, replayLsn, reads, error }) => ({ name, state, lagMs, lagBytes, replayLsn, reads, error }));
  }

  /** One round of checks; a round still running is waited for rather than doubled. */
  check(): Promise<void> {
    this.checking ??= this.checkAll().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    const timeout = this.opts.checkTimeoutMs ?? 2000;
    let primaryLsn: string | null = null;
    try {
      // Read before the replicas: a replica at or past this position had everything committed before the check began.
      primaryLsn = (await this.primary.raw('select pg_current_wal_lsn()::text as lsn').timeout(timeout)).rows[0].lsn;
    } catch {
      // The primary is away: replay cannot be compared with it, but the replicas can still be seen to answer.
    }
    await Promise.all(this.replicas.map((r) => this.checkOne(r, primaryLsn, timeout)));
  }

  private async checkOne(r: Replica, primaryLsn: string | null, timeout: number): Promise<void> {
    try {
      const row = (
        await r.knex
          .raw(
            `select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as lsn,
                    extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000 as since_ms`,
          )
          .timeout(timeout)
      ).rows[0] as { standby: boolean; lsn: string | null; since_ms: number | string | null };
      if (!row.standby || !row.lsn) {
        // A promoted replica, or the primary listed by mistake: reads there could miss or fork from the primary's writes.
        return this.markDown(r, new Error('not a standby (not in recovery)'));
      }
      r.replayLsn = row.lsn;
      r.error = null;
      if (primaryLsn === null) {
        r.lagMs = r.lagBytes = null;
        if (r.state === 'down') r.state = 'lagging';
        return;
      }
      const now = Date.now();
      const bytes = lsnBytesBehind(row.lsn, primaryLsn);
      if (bytes === 0) r.caughtUpAt = now;
      // The time since the last replayed commit overstates the lag of a replica of a primary
      // that was idle until a moment ago (that commit is old, the next one is just arriving);
      // the time since the replica was last seen caught up overstates it under steady writes
      // (never quite caught up, yet milliseconds behind). Each is an upper bound: take the smaller.
      const sinceCommit = row.since_ms === null ? Infinity : Math.max(0, Number(row.since_ms));
      r.lagBytes = bytes;
      r.lagMs = bytes === 0 ? 0 : Math.round(Math.min(now - r.caughtUpAt, sinceCommit));
      r.state = r.lagMs > this.opts.maxLagMs ? 'lagging' : 'up';
    } catch (err) {
      this.markDown(r, err);
    }
  }

  private markDown(r: Replica, err: unknown): void {
    r.state = 'down';
    r.error = err instanceof Error ? err.message.slice(0, 200) : String(err).slice(0, 200);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
    await Promise.all(this.replicas.map((r) => r.knex.destroy()));
  }
}
