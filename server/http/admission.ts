import type { Request, RequestHandler } from 'express';
import { Counter, Gauge, type Registry } from 'prom-client';
import { AppError } from './errors.js';

export interface AdmissionLimits {
  /** Requests doing database work at once. */
  active: number;
  /** Requests allowed to wait for a turn; beyond this a request is turned away at once. */
  queued: number;
  /** Longest a request may wait for its turn before it is answered 503. */
  waitMs: number;
}

export type Shed = 'queue-full' | 'waited-too-long';

interface Waiter {
  start: () => void;
  abandoned: () => boolean;
  timer: NodeJS.Timeout;
}

/**
 * A first-come, first-served gate in front of the database. Without it every query of
 * every request joins the pool's queue separately, so under load a request that needs
 * five queries (session, data, the audit row's transaction) waits five times as long as
 * one that needs a single query, and the tail grows without bound; on PGlite, with one
 * connection, that meant requests waiting past clients' timeouts. Admitting whole
 * requests in arrival order keeps waits proportional to the queue ahead, skips requests
 * whose client has already gone, and sheds what cannot be served in time with a 503.
 */
export class Gate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly limits: AdmissionLimits) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Calls `start` when a slot is free (the caller then calls `leave` exactly once), or
   * `shed` when the request cannot be served in time. `abandoned` is asked just before a
   * waiting request would start: a request nobody waits for any more is dropped.
   */
  enter(start: () => void, shed: (why: Shed) => void, abandoned: () => boolean = () => false): void {
    if (this.running < this.limits.active) {
      this.running++;
      start();
      return;
    }
    if (this.waiting.length >= this.limits.queued) {
      shed('queue-full');
      return;
    }
    const waiter: Waiter = {
      start,
      abandoned,
      timer: setTimeout(() => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        shed('waited-too-long');
      }, this.limits.waitMs),
    };
    this.waiting.push(waiter);
  }

  leave(): void {
    this.running--;
    for (let next = this.waiting.shift(); next; next = this.waiting.shift()) {
      clearTimeout(next.timer);
      if (next.abandoned()) continue;
      this.running++;
      next.start();
      return;
    }
  }
}

/** The seconds a shed client is told to wait: about one queue's worth of work. */
const RETRY_AFTER_S = '2';

/**
 * Express middleware around a Gate. `exempt` requests bypass it: ones that wait on
 * other requests of ours (a PDF is printed by a browser that calls back into the API)
 * or hold a slot for minutes (a streamed import) would otherwise starve or deadlock it.
 */
export function admission(limits: AdmissionLimits, opts: { exempt?: (req: Request) => boolean; registry?: Registry } = {}): RequestHandler {
  const gate = new Gate(limits);
  const shedCount = new Counter({ name: 'lantern_http_requests_shed_total', help: 'Requests answered 503 because the server was too busy to serve them in time', labelNames: ['reason'] as const, registers: opts.registry ? [opts.registry] : [] });
  new Gauge({ name: 'lantern_http_requests_queued', help: 'Requests waiting for a turn at the database', registers: opts.registry ? [opts.registry] : [], collect() { this.set(gate.queued); } });
  new Gauge({ name: 'lantern_http_requests_active', help: 'Requests doing database work', registers: opts.registry ? [opts.registry] : [], collect() { this.set(gate.active); } });
  return (req, res, next) => {
    if (opts.exempt?.(req)) return next();
    // Not req.destroyed: a request is destroyed as soon as its body has been read.
    let closed = false;
    res.once('close', () => (closed = true));
    const gone = () => closed || res.writableEnded;
    gate.enter(
      () => {
        let left = false;
        const leave = () => {
          if (left) return;
          left = true;
          gate.leave();
        };
        res.once('finish', leave);
        res.once('close', leave);
        next();
      },
      (why) => {
        shedCount.inc({ reason: why });
        if (gone()) return;
        next(
          new AppError(503, 'busy', 'Server busy', 'The server has more requests than it can answer in time; try again in a moment.', undefined, { 'Retry-After': RETRY_AFTER_S }),
        );
      },
      gone,
    );
  };
}
