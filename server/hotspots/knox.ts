/**
 * The Knox test for near repeats (Knox 1964; as Ratcliffe's Near Repeat Calculator):
 * every pair of events is counted in a table of distance bands × time bands; the
 * expected table is the mean over Monte Carlo simulations in which the times are
 * shuffled among the places (space and time made independent, each kept as it was);
 * each cell's p-value is (1 + simulations at or above the observed count) / (1 + simulations).
 * A ratio above 1 with a small p says events that close in space follow each other
 * that closely in time more often than chance: a near-repeat pattern.
 *
 * Work is bounded: only pairs within the outermost distance band are enumerated
 * (a spatial hash), the "beyond" row is the remainder of each time band's total
 * (which no shuffle changes), and the simulations are cut (not below 19) when
 * close pairs × simulations would exceed `maxWork`.
 */

export interface KnoxEvent {
  /** BNG metres */
  x: number;
  y: number;
  /** epoch milliseconds */
  t: number;
}

export interface KnoxOptions {
  /** metres per distance band */
  distanceBand: number;
  distanceBands: number;
  /** days per time band */
  timeBand: number;
  timeBands: number;
  simulations: number;
  seed: number;
  /** most close-pair visits over all simulations */
  maxWork?: number;
}

export interface KnoxTable {
  /** [distance band][time band]; the last row and column are "beyond" */
  observed: number[][];
  expected: number[][];
  /** observed / expected; null where nothing was expected */
  ratio: (number | null)[][];
  p: number[][];
  simulations: number;
  /** all pairs, and those within the outermost distance band */
  pairs: number;
  closePairs: number;
}

export const DEFAULT_MAX_WORK = 300_000_000;
const MIN_SIMULATIONS = 19;
const DAY_MS = 86_400_000;

/**
 * A small, fast seeded PRNG (mulberry32): the same seed gives the same sequence,
 * so a Knox table can be reproduced exactly. Returns numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The Knox table of a set of events; see the module comment. */
export function knoxTest(events: KnoxEvent[], o: KnoxOptions): KnoxTable {
  const D = o.distanceBands;
  const T = o.timeBands;
  const tau = o.timeBand * DAY_MS;
  const n = events.length;
  const rows = D + 1;
  const cols = T + 1;
  const timeBand = (dt: number) => Math.min(T, Math.floor(Math.abs(dt) / tau));

  const { a, b, band } = closePairs(events, o.distanceBand, D);
  const m = band.length;
  const totals = timeBandTotals(events.map((e) => e.t), tau, T);

  const times = Float64Array.from(events, (e) => e.t);
  const tally = (t: Float64Array, into: Float64Array) => {
    into.fill(0);
    for (let k = 0; k < m; k++) into[band[k]! * cols + timeBand(t[a[k]!]! - t[b[k]!]!)]!++;
    for (let c = 0; c < cols; c++) {
      let close = 0;
      for (let r = 0; r < D; r++) close += into[r * cols + c]!;
      into[D * cols + c] = totals[c]! - close;
    }
  };

  const observed = new Float64Array(rows * cols);
  tally(times, observed);
  const maxWork = o.maxWork ?? DEFAULT_MAX_WORK;
  const simulations = m === 0 ? o.simulations : Math.max(MIN_SIMULATIONS, Math.min(o.simulations, Math.floor(maxWork / m)));
  const rand = mulberry32(o.seed);
  const shuffled = Float64Array.from(times);
  const sim = new Float64Array(rows * cols);
  const sum = new Float64Array(rows * cols);
  const atLeast = new Float64Array(rows * cols);
  for (let s = 0; s < simulations; s++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = shuffled[i]!;
      shuffled[i] = shuffled[j]!;
      shuffled[j] = tmp;
    }
    tally(shuffled, sim);
    for (let c = 0; c < sim.length; c++) {
      sum[c]! += sim[c]!;
      if (sim[c]! >= observed[c]!) atLeast[c]!++;
    }
  }
  const table = <T>(f: (c: number) => T) => Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => f(r * cols + c)));
  return {
    observed: table((c) => observed[c]!),
    expected: table((c) => sum[c]! / simulations),
    ratio: table((c) => (sum[c]! > 0 ? observed[c]! / (sum[c]! / simulations) : null)),
    p: table((c) => (atLeast[c]! + 1) / (simulations + 1)),
    simulations,
    pairs: (n * (n - 1)) / 2,
    closePairs: m,
  };
}

/** Pairs closer than `bands × width` metres, with their distance band, by a spatial hash. */
function closePairs(events: KnoxEvent[], width: number, bands: number): { a: Int32Array; b: Int32Array; band: Uint8Array } {
  const reach = width * bands;
  const buckets = new Map<string, number[]>();
  const key = (bx: number, by: number) => `${bx},${by}`;
  events.forEach((e, i) => {
    const k = key(Math.floor(e.x / reach), Math.floor(e.y / reach));
    const list = buckets.get(k);
    if (list) list.push(i);
    else buckets.set(k, [i]);
  });
  const a: number[] = [], b: number[] = [], band: number[] = [];
  events.forEach((e, i) => {
    const bx = Math.floor(e.x / reach);
    const by = Math.floor(e.y / reach);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const j of buckets.get(key(bx + dx, by + dy)) ?? []) {
          if (j <= i) continue;
          const d = Math.hypot(events[j]!.x - e.x, events[j]!.y - e.y);
          if (d < reach) {
            a.push(i);
            b.push(j);
            band.push(Math.floor(d / width));
          }
        }
      }
    }
  });
  return { a: Int32Array.from(a), b: Int32Array.from(b), band: Uint8Array.from(band) };
}

/** Pairs per time band over all pairs (the last band is "beyond"), from sorted times. */
function timeBandTotals(times: number[], tau: number, bands: number): Float64Array {
  const t = Float64Array.from(times).sort();
  const n = t.length;
  const totals = new Float64Array(bands + 1);
  // below[k]: pairs (i < j) with t_j − t_i < (k+1)·tau, by a moving pointer per band.
  for (let k = 0; k < bands; k++) {
    const limit = (k + 1) * tau;
    let j = 0;
    let within = 0;
    for (let i = 0; i < n; i++) {
      if (j < i + 1) j = i + 1;
      while (j < n && t[j]! - t[i]! < limit) j++;
      within += j - i - 1;
    }
    totals[k] = within;
  }
  for (let k = bands - 1; k > 0; k--) totals[k]! -= totals[k - 1]!;
  const all = (n * (n - 1)) / 2;
  let close = 0;
  for (let k = 0; k < bands; k++) close += totals[k]!;
  totals[bands] = all - close;
  return totals;
}
