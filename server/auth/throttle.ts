import type { Config } from '../config.js';

/** When failures start to cost a wait, how long the first wait is and the longest. */
export interface Backoff {
  threshold: number;
  baseMs: number;
  maxMs: number;
}

/** The wait after the n-th failure in a row: none below the threshold, then base, 2×base, 4×base… up to max. */
export function backoffMs(failures: number, b: Backoff): number {
  if (failures < b.threshold) return 0;
  return Math.min(b.maxMs, b.baseMs * 2 ** Math.min(30, failures - b.threshold));
}

interface Entry {
  failures: number;
  /** Epoch ms until which attempts are refused unchecked. */
  until: number;
  last: number;
}

/**
 * Failures in a row per key, with exponential backoff, in this process's memory.
 * Bounded: the least recently failed keys are dropped first, and a key not failed
 * for `forgetMs` starts again from nothing.
 */
export class FailureCounter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly backoff: Backoff,
    private readonly forgetMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e && this.now() - e.last > this.forgetMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Milliseconds this key must still wait; 0 when it may try. */
  waitMs(key: string): number {
    const e = this.live(key);
    return e ? Math.max(0, e.until - this.now()) : 0;
  }

  /** Counts a failure; returns the wait it starts (0 when still under the threshold). */
  fail(key: string): number {
    const now = this.now();
    const e = this.live(key) ?? { failures: 0, until: 0, last: now };
    e.failures += 1;
    e.last = now;
    const wait = backoffMs(e.failures, this.backoff);
    e.until = now + wait;
    // Re-inserted so the Map's order is least recently failed first.
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return wait;
  }

  clear(key: string): void {
    this.entries.delete(key);
  }
}

/** Keys remembered with a time, least recently touched dropped first. */
class RecentSet {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly keepMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}
  add(key: string): void {
    this.seen.delete(key);
    this.seen.set(key, this.now());
    if (this.seen.size > this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
  }
  has(key: string): boolean {
    const at = this.seen.get(key);
    return at !== undefined && this.now() - at <= this.keepMs;
  }
}

const DAY = 86_400_000;

/**
 * The sign-in throttle's memory (see README, "Sign-in and lock-out"):
 *
 * - failures per (account, client address): after `lockoutThreshold` in a row that
 *   address waits, `lockoutBackoffSeconds` doubling per further failure up to
 *   `lockoutMinutes`, and its attempts are refused unchecked meanwhile. A stranger's
 *   failures never make the real user's own address wait.
 * - addresses each account signed in from in the last 30 days, which the account-wide
 *   ceiling (kept in the users table for real accounts) does not hold back.
 * - the account-wide count for names that are not accounts, so that an unknown name
 *   behaves as a known one does and the ceiling does not tell which names exist.
 */
export class LoginThrottle {
  readonly perAddress: FailureCounter;
  readonly unknownAccounts: FailureCounter;
  private readonly knownAddresses: RecentSet;

  constructor(config: Pick<Config, 'lockoutThreshold' | 'lockoutBackoffSeconds' | 'lockoutMinutes' | 'accountLockoutThreshold'>, now: () => number = Date.now) {
    const baseMs = config.lockoutBackoffSeconds * 1000;
    const maxMs = Math.max(baseMs, config.lockoutMinutes * 60_000);
    this.perAddress = new FailureCounter({ threshold: config.lockoutThreshold, baseMs, maxMs }, DAY, 100_000, now);
    this.unknownAccounts = new FailureCounter({ threshold: config.accountLockoutThreshold, baseMs, maxMs }, DAY, 100_000, now);
    this.knownAddresses = new RecentSet(30 * DAY, 100_000, now);
  }

  static key(username: string, ip: string | null): string {
    return `${username}\n${ip ?? ''}`;
  }

  /** Whether this account signed in from this address lately (so the account-wide ceiling lets it try). */
  isKnownAddress(username: string, ip: string | null): boolean {
    return ip !== null && this.knownAddresses.has(LoginThrottle.key(username, ip));
  }

  succeeded(username: string, ip: string | null): void {
    this.perAddress.clear(LoginThrottle.key(username, ip));
    this.unknownAccounts.clear(username);
    if (ip !== null) this.knownAddresses.add(LoginThrottle.key(username, ip));
  }
}
