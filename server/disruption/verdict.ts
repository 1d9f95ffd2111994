/**
 * The evaluation of a disruption target in plain words, for a partnership meeting:
 * "Over 12 weeks before and after the first action, sightings fell 38 % in the
 * target against a 5 % fall in the rest of Halliwell: a relative fall of 35 % (95 %
 * confidence interval 20 % to 47 %); no sign of displacement into the surrounding 500 m."
 * Pure: every number arrives already judged (and, for restricted viewers, already
 * disclosure-checked), so nothing here can reveal what the caller may not see.
 */
import type { Counts, DidEstimate } from './did.js';
import type { Wdq } from './wdq.js';
import { RING } from './schema.js';

export type EffectVerdict = 'fall' | 'rise' | 'no_clear_change' | 'not_enough_data' | 'too_early' | 'suppressed' | 'no_action' | 'no_control';

/**
 * Whole weeks of after-data an estimate needs (or the whole after period, when that is
 * shorter). Before that, week-to-week chance swamps any effect: a "rise of 77 %" from
 * days of data, with an interval from −56 % to +318 %, says nothing a meeting should act on.
 */
export const MIN_AFTER_WEEKS = 4;
export type DisplacementVerdict = 'displacement' | 'diffusion' | 'none' | 'not_enough_data' | 'suppressed' | 'not_judged';

export interface Verdict {
  effect: EffectVerdict;
  displacement: DisplacementVerdict;
  text: string;
}

/** A judgement withheld from a restricted viewer because a count under 5 went into it. */
export const SUPPRESSED = 'suppressed' as const;

export interface VerdictInput {
  /** Whether any action has been logged (the windows start at the first). */
  started: boolean;
  /** How the comparison area is named in a sentence, e.g. "the rest of Halliwell"; null when there is none. */
  controlLabel: string | null;
  weeks: { before: number; after: number; afterSoFar: number; complete: boolean };
  /** Raw counts; only their zeros are spoken of (a zero is never suppressed). */
  counts: { target: Counts; control: Counts | null; ring: Counts };
  /** Change in sightings per week, percent; null when unknown or withheld. */
  changes: { target: number | null; control: number | null };
  /** Target against control. */
  effect: DidEstimate | typeof SUPPRESSED;
  /** Ring against control. */
  ring: DidEstimate | typeof SUPPRESSED;
  wdq: Wdq | typeof SUPPRESSED;
}

/** A whole percentage without its sign. @example mag(-37.6) // '38 %' */
const mag = (x: number) => `${Math.abs(Math.round(x))} %`;
/** With its sign. @example signed(12.2) // '+12 %' */
const signed = (x: number) => `${Math.round(x) > 0 ? '+' : Math.round(x) < 0 ? '−' : ''}${Math.abs(Math.round(x))} %`;
const fixed2 = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(2)}` : x.toFixed(2));

/** "fell 38 %", "rose 12 %", "did not change". */
function moved(pct: number): string {
  const r = Math.round(pct);
  return r < 0 ? `fell ${mag(pct)}` : r > 0 ? `rose ${mag(pct)}` : 'did not change';
}

/** "a 5 % fall in the rest of Halliwell", "no change in …". */
function against(pct: number | null, label: string): string {
  if (pct === null) return `the trend in ${label}`;
  const r = Math.round(pct);
  return r < 0 ? `a ${mag(pct)} fall in ${label}` : r > 0 ? `a ${mag(pct)} rise in ${label}` : `no change in ${label}`;
}

function period(w: VerdictInput['weeks']): string {
  const soFar = Math.floor(w.afterSoFar);
  if (!w.complete) return `Over the ${w.before} weeks before the first action and the ${soFar < 1 ? 'days' : `${plural(soFar, 'week')}`} since`;
  return w.before === w.after ? `Over ${w.before} weeks before and after the first action` : `Over the ${w.before} weeks before and the ${w.after} weeks after the first action`;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** Where the zero counts are, e.g. "no sightings in the target before the first action". */
function zeros(i: VerdictInput): string {
  const where: string[] = [];
  const add = (c: Counts, name: string) => {
    if (c.before === 0 && c.after === 0) where.push(`no sightings in ${name} before or after the first action`);
    else if (c.before === 0) where.push(`no sightings in ${name} before the first action`);
    else if (c.after === 0) where.push(`no sightings in ${name} since the first action`);
  };
  add(i.counts.target, 'the target');
  if (i.counts.control) add(i.counts.control, i.controlLabel ?? 'the comparison area');
  return where.join(', and ');
}

function effectClause(e: DidEstimate): string {
  const ci = `95 % confidence interval`;
  if (e.direction === 'fall') return `a relative fall of ${mag(e.estimate!)} (${ci} ${mag(e.high!)} to ${mag(e.low!)})`;
  if (e.direction === 'rise') return `a relative rise of ${mag(e.estimate!)} (${ci} ${mag(e.low!)} to ${mag(e.high!)})`;
  return `no clear difference (relative change ${signed(e.estimate!)}, ${ci} ${signed(e.low!)} to ${signed(e.high!)})`;
}

/** Displacement is judged only once the target has fallen: there is nothing to displace otherwise. */
function displacement(i: VerdictInput, label: string): { code: DisplacementVerdict; text: string } {
  const ringWords = `the surrounding ${RING.innerM}–${RING.outerM} m`;
  if (i.ring === SUPPRESSED) return { code: 'suppressed', text: `displacement into ${ringWords} cannot be shown: counts there are under 5` };
  const { before, after } = i.counts.ring;
  if (before === 0 && after === 0) return { code: 'none', text: `no sign of displacement: no sightings in ${ringWords} before or after` };
  if (i.ring.direction === 'not_enough_data') return { code: 'not_enough_data', text: `too few sightings in ${ringWords} to judge displacement` };
  const q = i.wdq !== SUPPRESSED && i.wdq.value !== null ? i.wdq.value : null;
  if (i.ring.direction === 'rise') {
    const size = q === null ? '' : q < -1 ? ` (WDQ ${fixed2(q)}: more than the fall in the target)` : ` (WDQ ${fixed2(q)}: less than the fall in the target)`;
    return { code: 'displacement', text: `but sightings rose ${mag(i.ring.estimate!)} in ${ringWords} against ${label}: a sign of displacement${size}` };
  }
  if (i.ring.direction === 'fall') {
    const size = q === null ? '' : ` (WDQ ${fixed2(q)})`;
    return { code: 'diffusion', text: `sightings also fell ${mag(i.ring.estimate!)} in ${ringWords} against ${label}: a diffusion of benefit${size}` };
  }
  return { code: 'none', text: `no sign of displacement into the surrounding ${RING.outerM} m` };
}

/**
 * The verdict, its codes for the client and its sentence.
 * @example verdict({ …, effect: did({ before: 100, after: 50 }, { before: 200, after: 180 }) }).effect // 'fall'
 */
export function verdict(i: VerdictInput): Verdict {
  if (!i.started) return { effect: 'no_action', displacement: 'not_judged', text: 'No action on this target has been logged yet, so there is nothing to evaluate.' };
  if (!i.controlLabel || !i.counts.control) {
    return { effect: 'no_control', displacement: 'not_judged', text: 'There is no comparison area: the target lies in no ward. Choose a control area to evaluate it.' };
  }
  const label = i.controlLabel;
  const needed = Math.min(MIN_AFTER_WEEKS, i.weeks.after);
  if (!i.weeks.complete && i.weeks.afterSoFar < needed) {
    const soFar = Math.floor(i.weeks.afterSoFar);
    return {
      effect: 'too_early',
      displacement: 'not_judged',
      text: `Too early to say: ${soFar < 1 ? 'less than a week' : plural(soFar, 'week')} of data since the first action. An estimate is given once there are ${plural(needed, 'whole week')} after it.`,
    };
  }
  const note = i.weeks.complete ? '' : ` The after period is not over yet (${plural(Math.floor(i.weeks.afterSoFar), 'week')} of ${i.weeks.after} so far).`;
  if (i.effect === SUPPRESSED) {
    return { effect: 'suppressed', displacement: 'suppressed', text: `Too few sightings to show an estimate: counts under 5 are not disclosed.${note}` };
  }
  if (i.effect.direction === 'not_enough_data') {
    const why = zeros(i);
    return { effect: 'not_enough_data', displacement: 'not_judged', text: `Not enough data to measure a change${why ? `: ${why}` : ''}.${note}` };
  }
  const head = `${period(i.weeks)}, sightings ${i.changes.target === null ? 'changed' : moved(i.changes.target)} in the target against ${against(i.changes.control, label)}: ${effectClause(i.effect)}`;
  if (i.effect.direction !== 'fall') return { effect: i.effect.direction, displacement: 'not_judged', text: `${head}.${note}` };
  const d = displacement(i, label);
  return { effect: 'fall', displacement: d.code, text: `${head}; ${d.text}.${note}` };
}
