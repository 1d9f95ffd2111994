/**
 * Repeat places, the 80/20 view: places ranked by sightings, with each one's share
 * and the cumulative share, so that "these 12 places hold 50 % of sightings" can be
 * read off. Pure; the repo says which sightings belong to which place.
 */
import { suppress, SUPPRESS_BELOW, type Count } from '../disclosure/suppress.js';

export interface Place {
  kind: 'premises' | 'location' | 'cell';
  /** premises id (premises only) */
  id: string | null;
  name: string | null;
  category: string | null;
  /** WGS84: the premises, the middle of the sightings at a location, or a cell's centre */
  lon: number;
  lat: number;
  n: number;
}

export interface RankedPlace extends Omit<Place, 'n'> {
  rank: number;
  count: Count;
  /** this place's share of all sightings, 0–1 */
  share: number;
  /** share held by this place and every one ranked above it */
  cumulativeShare: number;
}

export interface PlaceRanking {
  total: Count;
  /** places holding at least one sighting */
  places: number;
  /** fewest places that hold half / 80 % of all sightings (null when places shown one by one do not reach it) */
  placesFor50: number | null;
  placesFor80: number | null;
  /** share of all sightings held by the busiest fifth of places */
  shareOfTop20Percent: number | null;
  ranked: RankedPlace[];
  /** Places not listed individually (beyond the limit, or folded in for disclosure control). */
  rest: { places: number; count: Count; share: number } | null;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Ranks places by count (ties by name, then position, for a stable order).
 * With `restricted`, places under 5 sightings are not listed but folded into `rest`,
 * and when that would leave `rest` at 1–4 (which the total would give away) the
 * smallest listed places are folded in as well, until it reaches 5.
 * @example rankPlaces([{ n: 6, … }, { n: 3, … }, { n: 1, … }], { limit: 10 }).placesFor50 // 1
 */
export function rankPlaces(places: Place[], opts: { limit: number; restricted?: boolean }): PlaceRanking {
  const sorted = places.filter((p) => p.n > 0).sort((a, b) => b.n - a.n || (a.name ?? '').localeCompare(b.name ?? '') || a.lon - b.lon || a.lat - b.lat);
  const total = sorted.reduce((a, p) => a + p.n, 0);
  // Places that may be shown one by one: all, or for restricted roles those left after folding.
  let shown = sorted.length;
  if (opts.restricted) {
    shown = sorted.findIndex((p) => p.n < SUPPRESS_BELOW);
    if (shown < 0) shown = sorted.length;
    let rest = sorted.slice(shown).reduce((a, p) => a + p.n, 0);
    while (rest > 0 && rest < SUPPRESS_BELOW && shown > 0) rest += sorted[--shown]!.n;
  }
  const listed = Math.min(shown, opts.limit);
  let cum = 0;
  const reach = (share: number) => {
    let c = 0;
    for (let i = 0; i < shown; i++) {
      c += sorted[i]!.n;
      if (c >= share * total) return i + 1;
    }
    return null;
  };
  const top = Math.ceil(sorted.length / 5);
  const topShare = top <= shown && total > 0 ? round(sorted.slice(0, top).reduce((a, p) => a + p.n, 0) / total) : null;
  const ranked = sorted.slice(0, listed).map((p, i) => {
    cum += p.n;
    const { n, ...rest } = p;
    return { ...rest, rank: i + 1, count: opts.restricted ? suppress(n) : n, share: round(n / total), cumulativeShare: round(cum / total) };
  });
  const restN = total - cum;
  return {
    total: opts.restricted ? suppress(total) : total,
    places: sorted.length,
    placesFor50: total ? reach(0.5) : null,
    placesFor80: total ? reach(0.8) : null,
    shareOfTop20Percent: topShare,
    ranked,
    rest: sorted.length > listed ? { places: sorted.length - listed, count: opts.restricted ? suppress(restN) : restN, share: round(restN / total) } : null,
  };
}
