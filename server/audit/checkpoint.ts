import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/index.js';
import type { Logger } from '../http/problem.js';
import type { CheckpointMismatch } from './schema.js';

/**
 * Signed checkpoints of the chain head, kept outside the database.
 *
 * The hash chain alone proves only that the rows agree with each other: whoever can
 * write the table (a superuser, a stolen owner role) can edit a row and recompute every
 * hash after it. A checkpoint records "row N had hash H at time T", signed with a key
 * the database never sees, in an append-only file beside the server; verification then
 * catches a rewritten chain at the first checkpoint it passes.
 */

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';
export const CHECKPOINT_KEY_FILE = 'audit-checkpoint.key';

export interface CheckpointSettings {
  /** Directory of the checkpoint file and its key (default: the data directory). */
  dir: string;
  /** Write a checkpoint when the chain has grown this many rows since the last (0 = never by count). */
  everyRows: number;
  /** …or at the first append this many minutes after the last (0 = never by time). */
  everyMinutes: number;
}

export interface Checkpoint {
  id: number;
  hash: string;
  at: string;
  /** HMAC-SHA256 (hex) of the three fields above under the key in the checkpoint directory. */
  sig: string;
}

/** What is signed: a fixed label and version so a signature cannot be reused for another purpose. */
const signedText = (id: number, hash: string, at: string) => `lantern-audit-checkpoint-v1\n${id}\n${hash}\n${at}`;

const isCheckpoint = (v: unknown): v is Checkpoint => {
  const c = v as Checkpoint;
  return !!c && Number.isSafeInteger(c.id) && c.id > 0 && typeof c.hash === 'string' && /^[0-9a-f]{64}$/.test(c.hash) && typeof c.at === 'string' && typeof c.sig === 'string';
};

/** The checkpoint file and key in one directory. Reading never creates anything. */
export class CheckpointStore {
  readonly file: string;
  readonly keyFile: string;
  private key?: Buffer;

  constructor(readonly dir: string) {
    this.file = path.join(dir, CHECKPOINT_FILE);
    this.keyFile = path.join(dir, CHECKPOINT_KEY_FILE);
  }

  /** The signing key; made (32 random bytes, mode 0600) on first use when `create`. */
  private signingKey(create: boolean): Buffer | undefined {
    if (this.key) return this.key;
    if (!fs.existsSync(this.keyFile)) {
      if (!create) return undefined;
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      try {
        // 'wx': if another process made the key a moment ago, use theirs rather than overwrite it.
        fs.writeFileSync(this.keyFile, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    const hex = fs.readFileSync(this.keyFile, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${this.keyFile} is not a checkpoint key (64 hex digits)`);
    this.key = Buffer.from(hex, 'hex');
    return this.key;
  }

  private sign(key: Buffer, id: number, hash: string, at: string): string {
    return createHmac('sha256', key).update(signedText(id, hash, at)).digest('hex');
  }

  /** Appends one signed checkpoint line (the file is 0600, opened for append only). */
  write(id: number, hash: string, at = new Date()): Checkpoint {
    const key = this.signingKey(true)!;
    const iso = at.toISOString();
    const c: Checkpoint = { id, hash, at: iso, sig: this.sign(key, id, hash, iso) };
    fs.appendFileSync(this.file, `${JSON.stringify(c)}\n`, { mode: 0o600 });
    return c;
  }

  /** Every line whose signature checks, and the (1-based) numbers of the lines that do not. */
  readAll(): { checkpoints: Checkpoint[]; invalidLines: number[] } {
    if (!fs.existsSync(this.file)) return { checkpoints: [], invalidLines: [] };
    const key = this.signingKey(false);
    const checkpoints: Checkpoint[] = [];
    const invalidLines: number[] = [];
    const lines = fs.readFileSync(this.file, 'utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    lines.forEach((line, i) => {
      let c: unknown;
      try {
        c = JSON.parse(line);
      } catch {
        c = undefined;
      }
      // Without the key nothing can be trusted: every line counts as unverifiable.
      if (!key || !isCheckpoint(c)) return void invalidLines.push(i + 1);
      const want = Buffer.from(this.sign(key, c.id, c.hash, c.at), 'hex');
      const got = Buffer.from(c.sig, 'hex');
      if (got.length === want.length && timingSafeEqual(got, want)) checkpoints.push({ id: c.id, hash: c.hash, at: c.at, sig: c.sig });
      else invalidLines.push(i + 1);
    });
    return { checkpoints, invalidLines };
  }

  /** The newest valid checkpoint, where a restarted server carries on counting from. */
  last(): Checkpoint | undefined {
    return this.readAll().checkpoints.at(-1);
  }
}

/** Checkpoints whose row now has another hash, or no longer exists, in checkpoint order. */
export function compareWithCheckpoints(checkpoints: readonly Checkpoint[], hashOf: (id: number) => string | undefined): CheckpointMismatch[] {
  const out: CheckpointMismatch[] = [];
  for (const c of checkpoints) {
    const found = hashOf(c.id) ?? null;
    if (found !== c.hash) out.push({ id: c.id, expected: c.hash, found });
  }
  return out;
}

/** Decides when a checkpoint is due and writes it; one per database handle. */
export class Checkpointer {
  readonly store: CheckpointStore;
  private lastId: number | undefined;
  private lastAt = Date.now();

  constructor(
    readonly settings: CheckpointSettings,
    private readonly log: Logger,
  ) {
    this.store = new CheckpointStore(settings.dir);
  }

  /**
   * Called with a row that has committed (never from inside a transaction that may
   * still roll back: a checkpoint of a row that never existed would be a false alarm).
   */
  afterAppend(id: number, hash: string): void {
    const { everyRows, everyMinutes } = this.settings;
    if (everyRows === 0 && everyMinutes === 0) return;
    try {
      if (this.lastId === undefined) {
        const last = this.store.last();
        this.lastId = last?.id ?? 0;
        if (last) this.lastAt = Date.parse(last.at);
      }
      if (id <= this.lastId) return;
      const dueByRows = everyRows > 0 && id - this.lastId >= everyRows;
      const dueByTime = everyMinutes > 0 && Date.now() - this.lastAt >= everyMinutes * 60_000;
      if (!dueByRows && !dueByTime) return;
      // Claimed before writing, so concurrent appends in this process write it once.
      this.lastId = id;
      this.lastAt = Date.now();
      const c = this.store.write(id, hash);
      this.log('info', `audit checkpoint: row ${c.id} hash ${c.hash} at ${c.at} (signed, ${this.store.file})`);
    } catch (err) {
      // The audited change has committed; failing its request now would not undo it.
      // The operator sees the error and the next due append tries again.
      this.log('error', `audit checkpoint could not be written to ${this.store.file}`, err);
    }
  }
}

const attached = new WeakMap<Db, Checkpointer>();

/**
 * Makes every append through `record(db, …)` write checkpoints into `settings.dir`, and
 * `verify(db)` check against them. The server attaches at start; tests attach a
 * temporary directory.
 */
export function attachCheckpoints(db: Db, settings: CheckpointSettings, log: Logger = () => {}): Checkpointer {
  const c = new Checkpointer(settings, log);
  attached.set(db, c);
  return c;
}

export function detachCheckpoints(db: Db): void {
  attached.delete(db);
}

export const checkpointerOf = (db: Db): Checkpointer | undefined => attached.get(db);
