/**
 * The arithmetic of a disruption evaluation, from weekly counts in the target, its
 * comparison area and its displacement ring to the numbers, the judgements and the
 * sentence — with disclosure control for restricted viewers. Pure: the service
 * fetches the counts and this turns them into the answer.
 *
 * Weeks are numbered from the first action: week −1 is the seven days before it,
 * week 0 the seven days from it. Before: weeks −before … −1; after: 0 … after − 1,
 * cut short at `now` while the after period is still running.
 */
import { SUPPRESS_BELOW, suppress, type Count } from '../disclosure/suppress.js';
import { change, did, NOT_ENOUGH_DATA, type Counts, type DidEstimate } from './did.js';
import { wdq, type Wdq } from './wdq.js';
import { SUPPRESSED, verdict, type Verdict } from './verdict.js';

export const WEEK_MS = 7 * 86_400_000;

export interface Windows {
  /** The first logged action. */
  start: Date;
  before: { from: Date; to: Date; weeks: number };
  after: { from: Date; to: Date; weeks: number; weeksSoFar: number; complete: boolean };
}

/**
 * The before and after windows round the first action; the after window ends at `now` while it is running.
 * @example windowsOf(new Date('2026-06-01T00:00Z'), 12, 12, new Date('2026-12-01T00:00Z')).before.from // 2026-03-09T00:00Z
 */
export function windowsOf(start: Date, before: number, after: number, now: Date): Windows {
  const end = start.getTime() + after * WEEK_MS;
  const to = Math.max(start.getTime(), Math.min(end, now.getTime()));
  return {
    start,
    before: { from: new Date(start.getTime() - before * WEEK_MS), to: start, weeks: before },
    after: { from: start, to: new Date(to), weeks: after, weeksSoFar: (to - start.getTime()) / WEEK_MS, complete: to === end },
  };
}

/** Sightings per week number (see the module comment); weeks without any may be left out. */
export type WeekCounts = ReadonlyArray<{ week: number; n: number }>;

/** Before and after totals of weekly counts. */
export function totals(weeks: WeekCounts): Counts {
  let before = 0;
  let after = 0;
  for (const w of weeks) {
    if (w.week < 0) before += w.n;
    else after += w.n;
  }
  return { before, after };
}

/**
 * Primary suppression of each value, then secondary: when the sum is shown (0 or
 * at least 5) and exactly one value reads "<5", the smallest other non-zero value is
 * withheld too, so the hidden one cannot be had by subtraction.
 * @example suppressWithTotal([7, 3, 9]) // ['<5', '<5', 9]: 3 alone would be 19 − 7 − 9
 */
export function suppressWithTotal(values: readonly number[]): Count[] {
  const out: Count[] = values.map(suppress);
  const sum = values.reduce((a, b) => a + b, 0);
  const hidden = out.filter((v) => v === '<5').length;
  if (hidden !== 1 || (sum > 0 && sum < SUPPRESS_BELOW)) return out;
  let k = -1;
  values.forEach((v, i) => {
    if (out[i] !== '<5' && v > 0 && (k < 0 || v < values[k]!)) k = i;
  });
  if (k >= 0) out[k] = '<5';
  return out;
}

export interface EvaluationInput {
  /** Null when no action has been logged. */
  windows: Windows | null;
  target: WeekCounts;
  /** Null when there is no comparison area. */
  control: WeekCounts | null;
  ring: WeekCounts;
  /** e.g. "the rest of Halliwell" */
  controlLabel: string | null;
  /** Disclosure-controlled view (planners; licensing outside their premises and vehicles). */
  restricted: boolean;
}

export interface Region {
  /** Null until an action has been logged (there are no windows yet). */
  before: Count | null;
  after: Count | null;
  /** Change in sightings per week, percent, 1 decimal; null when undefined or withheld. */
  changePct: number | null;
}

export interface DidResult {
  estimate: number | null;
  low: number | null;
  high: number | null;
  rateRatio: number | null;
  p: number | null;
  direction: DidEstimate['direction'] | typeof SUPPRESSED;
  suppressed: boolean;
}

export type WdqResult =
  | (Wdq & { suppressed: false })
  | { value: null; successMeasure: null; bufferMeasure: null; netEffect: null; reason: typeof SUPPRESSED; suppressed: true };

export interface Evaluation {
  target: Region;
  control: Region | null;
  ring: Region & { did: DidResult };
  weekly: { week: number; from: Date; target: Count; control: Count | null; ring: Count }[];
  did: DidResult;
  wdq: WdqResult;
  verdict: Verdict;
}

const round = (x: number | null, digits = 1) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
/** Shown to a restricted viewer: 0 or at least 5. */
const disclosable = (...ns: number[]) => ns.every((n) => n === 0 || n >= SUPPRESS_BELOW);
/** An estimate may be shown to a restricted viewer only when every count in it is at least 5. */
const estimable = (...ns: number[]) => ns.every((n) => n >= SUPPRESS_BELOW);
const hasZero = (...ns: number[]) => ns.some((n) => n === 0);

function didResult(e: DidEstimate): DidResult {
  return { estimate: round(e.estimate), low: round(e.low), high: round(e.high), rateRatio: round(e.rateRatio, 4), p: round(e.p, 4), direction: e.direction, suppressed: false };
}
const SUPPRESSED_DID: DidResult = { estimate: null, low: null, high: null, rateRatio: null, p: null, direction: SUPPRESSED, suppressed: true };

/** Per-week rate change, so unequal windows compare fairly. */
function rateChange(c: Counts, w: Windows): number | null {
  if (w.after.weeksSoFar <= 0) return null;
  return change({ before: c.before / w.before.weeks, after: c.after / w.after.weeksSoFar });
}

/** Everything the evaluation says, from the counts. */
export function evaluate(i: EvaluationInput): Evaluation {
  const t = totals(i.target);
  const c = i.control ? totals(i.control) : null;
  const r = totals(i.ring);
  const w = i.windows;
  const shown = (n: number): Count => (i.restricted ? suppress(n) : n);
  const region = (x: Counts): Region => ({
    before: w ? shown(x.before) : null,
    after: w ? shown(x.after) : null,
    changePct: w && (!i.restricted || disclosable(x.before, x.after)) ? round(rateChange(x, w)) : null,
  });

  // Zeros make an estimate impossible for anyone; counts under 5 only withhold it from restricted viewers.
  const withheld = (...ns: number[]) => i.restricted && !hasZero(...ns) && !estimable(...ns);
  const effect = !w || !c ? NOT_ENOUGH_DATA : did(t, c);
  const effectWithheld = c !== null && withheld(t.before, t.after, c.before, c.after);
  const ringEffect = !w || !c ? NOT_ENOUGH_DATA : did(r, c);
  const ringWithheld = c !== null && withheld(r.before, r.after, c.before, c.after);
  const q = c ? wdq(t, r, c) : wdq(t, r, { before: 0, after: 0 });
  // Any part of the quotient computed from a count under 5 is withheld, not only the quotient.
  const wdqWithheld = i.restricted && q.successMeasure !== null && !estimable(t.before, t.after, r.before, r.after, c!.before, c!.after);

  const v = verdict({
    started: w !== null,
    controlLabel: i.controlLabel,
    weeks: w ? { before: w.before.weeks, after: w.after.weeks, afterSoFar: w.after.weeksSoFar, complete: w.after.complete } : { before: 0, after: 0, afterSoFar: 0, complete: true },
    counts: { target: t, control: c, ring: r },
    changes: { target: region(t).changePct, control: c ? region(c).changePct : null },
    effect: effectWithheld ? SUPPRESSED : effect,
    ring: ringWithheld ? SUPPRESSED : ringEffect,
    wdq: wdqWithheld ? SUPPRESSED : q,
  });

  return {
    target: region(t),
    control: c ? region(c) : null,
    ring: { ...region(r), did: ringWithheld ? SUPPRESSED_DID : didResult(ringEffect) },
    weekly: w ? weekly(i, w) : [],
    did: effectWithheld ? SUPPRESSED_DID : didResult(effect),
    wdq: wdqWithheld
      ? { value: null, successMeasure: null, bufferMeasure: null, netEffect: null, reason: SUPPRESSED, suppressed: true }
      : { ...roundWdq(q), suppressed: false },
    verdict: v,
  };
}

function roundWdq(q: Wdq): Wdq {
  if (q.successMeasure === null) return q;
  const parts = { successMeasure: round(q.successMeasure, 4)!, bufferMeasure: round(q.bufferMeasure, 4)!, netEffect: round(q.netEffect)! };
  return q.value === null ? { ...q, ...parts } : { ...q, ...parts, value: round(q.value, 3)! };
}

/** One row per week of the windows, for the before/after chart. */
function weekly(i: EvaluationInput, w: Windows): Evaluation['weekly'] {
  const first = -w.before.weeks;
  const last = Math.ceil(w.after.weeksSoFar) - 1;
  const weeks = Array.from({ length: last - first + 1 }, (_, k) => first + k);
  const dense = (s: WeekCounts) => {
    const by = new Map(s.map((x) => [x.week, x.n]));
    return weeks.map((k) => by.get(k) ?? 0);
  };
  // Secondary suppression runs within each window, as each window's total is shown.
  const shown = (s: WeekCounts): Count[] => {
    const v = dense(s);
    if (!i.restricted) return v;
    const split = w.before.weeks;
    return [...suppressWithTotal(v.slice(0, split)), ...suppressWithTotal(v.slice(split))];
  };
  const t = shown(i.target);
  const c = i.control ? shown(i.control) : null;
  const r = shown(i.ring);
  return weeks.map((k, j) => ({ week: k, from: new Date(w.start.getTime() + k * WEEK_MS), target: t[j]!, control: c ? c[j]! : null, ring: r[j]! }));
}
