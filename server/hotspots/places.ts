/**
 * Repeat places, the 80/20 view: places ranked by sightings, with each one's share
 * and the cumulative share, so that "these 12 places hold 50 % of sightings" can be
 * read off. Pure; the repo says which sightings belong to which place.
 */
import { SUPPRESS_BELOW } from '../disclosure/suppress.js';
import { Tables, publishedCount } from '../disclosure/gate.js';
import type { Published } from '../disclosure/secondary.js';
import type { Place, PlaceRanking, RankedPlace } from './schema.js';

type Count = Published;

export type { Place, PlaceRanking, RankedPlace };

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Ranks places by count (ties by name, then position, for a stable order). Every
 * figure goes through the disclosure gate; for restricted readers places under 5
 * sightings are not listed but folded into `rest`, and shares, reaches and the place
 * count are worked out from the counts as published, so that they tell nothing more.
 * @example rankPlaces([{ n: 6, … }, { n: 3, … }, { n: 1, … }], { limit: 10 }).placesFor50 // 1
 */
export function rankPlaces(places: Place[], opts: { limit: number; restricted?: boolean }): PlaceRanking {
  const restricted = opts.restricted ?? false;
  const sorted = places.filter((p) => p.n > 0).sort((a, b) => b.n - a.n || (a.name ?? '').localeCompare(b.name ?? '') || a.lon - b.lon || a.lat - b.lat);
  const trueTotal = sorted.reduce((a, p) => a + p.n, 0);
  // Places that may be shown one by one: all, or for restricted readers those of 5 or more.
  let shown = sorted.length;
  if (restricted) {
    shown = sorted.findIndex((p) => p.n < SUPPRESS_BELOW);
    if (shown < 0) shown = sorted.length;
    // A rest of 1–4 beside listed places would be worked out from the total: fold in more until it is not.
    let rest = sorted.slice(shown).reduce((a, p) => a + p.n, 0);
    while (rest > 0 && rest < SUPPRESS_BELOW && shown > 0) rest += sorted[--shown]!.n;
  }
  const listed = Math.min(shown, opts.limit);
  // One publication: the total, each listed place and the rest, which add up to it.
  const t = new Tables(restricted);
  const totalIx = t.add(trueTotal);
  const placeIx = t.addAll(sorted.slice(0, listed).map((p) => p.n));
  const restTrue = sorted.slice(listed).reduce((a, p) => a + p.n, 0);
  const restIx = t.add(restTrue);
  t.line(totalIx, sorted.length > listed ? [...placeIx, restIx] : placeIx);
  const out = t.publish();
  const num = (p: Count) => (typeof p === 'number' ? p : 0);
  const total = out(totalIx);
  const denominator = restricted ? num(total) : trueTotal;
  const counts = placeIx.map((i) => num(out(i)));
  const round4 = (x: number) => (denominator ? round(x / denominator) : 0);
  // The marks count every place that may be shown one by one, listed or not.
  const marks = sorted.slice(0, shown).map((p, i) => (i < listed ? counts[i]! : num(publishedCount(p.n, restricted))));
  const reach = (share: number) => {
    let c = 0;
    for (let i = 0; i < marks.length; i++) {
      c += marks[i]!;
      if (c >= share * denominator) return i + 1;
    }
    return null;
  };
  const top = Math.ceil(sorted.length / 5);
  const topShare = top <= marks.length && denominator > 0 ? round4(marks.slice(0, top).reduce((a, n) => a + n, 0)) : null;
  let cum = 0;
  const ranked = sorted.slice(0, listed).map((p, i) => {
    cum += counts[i]!;
    const { n: _n, ...rest } = p;
    return { ...rest, rank: i + 1, count: out(placeIx[i]!), share: round4(counts[i]!), cumulativeShare: round4(cum) };
  });
  const restShown = out(restIx);
  return {
    total,
    places: publishedCount(sorted.length, restricted),
    placesFor50: denominator ? reach(0.5) : null,
    placesFor80: denominator ? reach(0.8) : null,
    shareOfTop20Percent: topShare,
    ranked,
    // Restricted readers always get a rest, its number of places through the gate: whether there is one would say so.
    rest: restricted || sorted.length > listed ? { places: publishedCount(sorted.length - listed, restricted), count: restShown, share: round4(num(restShown)) } : null,
  };
}
