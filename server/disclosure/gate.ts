import type { Knex } from 'knex';
import type { Role } from '../lists.js';
import type { BBox } from '../geo/bbox.js';
import { clip } from '../geo/bbox.js';
import { wholeLocalDays } from '../time/zone.js';
import { aggregatesRestricted } from '../auth/policy.js';
import type { SightingFilters } from '../sightings/filters.js';
import { publish, underThreshold, band, shown, type Line, type Published } from './secondary.js';
import { SUPPRESSED, reportCellSize } from './suppress.js';
import * as repo from './repo.js';

/**
 * The one disclosure gate (docs/DISCLOSURE.md). Every number a restricted reader can see
 * on a map view, timeline, statistic, choropleth, hot spot, OGC cell or profile is made
 * here, so that one rule holds everywhere:
 * - what is asked is widened to fixed geography and fixed periods first: whole lattice
 *   cells of at least 250 m (`filters`), whole local days (`period`);
 * - every count from 0 to 4 reads "<5" (a 0 is not told apart from a small count, so no
 *   value ever says that one sighting exists in a place and time);
 * - counts published together with their total are protected together (secondary
 *   suppression, "[c]");
 * - everything shown is in bands of 5 (`band`).
 * Unrestricted readers (analysts, administrators) get the true counts through the same calls.
 */
export interface Gate {
  restricted: boolean;
  /** The period widened to whole local days (restricted readers); as asked otherwise. */
  period<T extends { from?: Date; to?: Date }>(f: T): T;
  /** The filters a restricted reader's counts are taken over: whole days, and a region of whole cells. */
  filters(knex: Knex, f: SightingFilters): Promise<SightingFilters>;
  /** One count published on its own. */
  count(n: number): Published;
  /** Several tables published at once; see `Tables`. */
  tables(): Tables;
  /** A search radius on the fixed ladder (restricted readers), so that two circles differ by a ring of at least 50 m. */
  radius(metres: number): number;
  /** A profile's counts (total, months, weekday × hour, categories, and counts published alone), in one publication. */
  profile(p: ProfileCounts): PublishedProfile;
}

/** Fixed radii for restricted readers, metres. */
export const SAFE_RADII = [50, 100, 250, 500, 1000, 2000] as const;

/** A profile's tables of counts (`N` a number), or of what its reader sees (`N` a published count). */
export interface Profile<N> {
  total: N;
  months: N[];
  matrix: N[][];
  categories: Record<string, N>;
  /** Published alone (each its own count): indicators, a linked count, a ward total. */
  alone: Record<string, N>;
}

export type ProfileCounts = Profile<number>;
export type PublishedProfile = Profile<Published>;

/**
 * Counts and the equations between them (a total and its parts), published in one pass
 * so that secondary suppression sees every equation a reader could use.
 * @example const t = gate.tables(); const total = t.add(31); const parts = t.addAll([3, 8, 20]); t.line(total, parts); const out = t.publish(); out(parts[0]) // '<5'
 */
export class Tables {
  private values: number[] = [];
  private lines: Line[] = [];
  constructor(private readonly restricted: boolean) {}
  add(n: number): number {
    this.values.push(n);
    return this.values.length - 1;
  }
  addAll(ns: readonly number[]): number[] {
    return ns.map((n) => this.add(n));
  }
  line(total: number, parts: readonly number[]): void {
    if (parts.length) this.lines.push({ total, parts: [...parts] });
  }
  /** What each value reads: the true count for unrestricted readers. */
  publish(): (i: number) => Published {
    if (!this.restricted) return (i) => this.values[i]!;
    const out = publish(this.values, this.lines, { primary: this.values.map(underThreshold), round: true });
    return (i) => out[i]!;
  }
}

/** The gate for a reader of this role. `operatingArea` bounds the cells a region can have. */
export function gateFor(role: Role | null, timeZone: string, operatingArea: BBox): Gate {
  const restricted = aggregatesRestricted(role);
  const period = <T extends { from?: Date; to?: Date }>(f: T): T => (restricted ? { ...f, ...wholeLocalDays({ from: f.from, to: f.to }, timeZone) } : f);
  return {
    restricted,
    period,
    async filters(knex, f) {
      if (!restricted) return f;
      const days = period(f);
      const { bbox, within, areaId, ...rest } = days;
      if (!bbox && !within && !areaId) return rest;
      // A whole-world box from a GIS would make a lattice of the planet: cut to where Lantern works.
      const shape: repo.RegionShape = { bbox: clip(bbox ?? operatingArea, operatingArea) ?? undefined, geojson: within, areaId };
      if (bbox && !shape.bbox) return { ...rest, cells: { size: SAFE_SIZE, ix: [], iy: [] } };
      const e = await repo.regionExtent(knex, shape);
      if (e.x0 === null || e.y0 === null || e.x1 === null || e.y1 === null) return { ...rest, cells: { size: SAFE_SIZE, ix: [], iy: [] } };
      const cells = await repo.wholeCells(knex, shape, reportCellSize({ x0: e.x0, y0: e.y0, x1: e.x1, y1: e.y1 }));
      return { ...rest, ...(cells.bbox ? { bbox: cells.bbox } : {}), cells: { size: cells.size, ix: cells.ix, iy: cells.iy } };
    },
    count: (n) => publishedCount(n, restricted),
    tables: () => new Tables(restricted),
    radius: (metres) => (restricted ? (SAFE_RADII.find((r) => r >= metres) ?? SAFE_RADII[SAFE_RADII.length - 1]!) : metres),
    profile(p) {
      const t = new Tables(restricted);
      const total = t.add(p.total);
      const months = t.addAll(p.months);
      t.line(total, months);
      const matrix = p.matrix.map((row) => t.addAll(row));
      t.line(total, matrix.flat());
      const catKeys = Object.keys(p.categories);
      const cats = t.addAll(catKeys.map((k) => p.categories[k]!));
      t.line(total, cats);
      const out = t.publish();
      // Restricted readers: only categories that read a number, so a key does not say a category is there.
      const catPairs = catKeys.map((k, i) => [k, out(cats[i]!)] as const).filter(([, v]) => !restricted || typeof v === 'number');
      return {
        total: out(total),
        months: months.map(out),
        matrix: matrix.map((row) => row.map(out)),
        categories: Object.fromEntries(catPairs),
        alone: Object.fromEntries(Object.entries(p.alone).map(([k, n]) => [k, publishedCount(n, restricted)])),
      };
    },
  };
}

const SAFE_SIZE = 250;

/**
 * One count as its reader may see it: the true count, or for a restricted reader "<5"
 * for 0–4 and the band of 5 otherwise.
 * @example publishedCount(3, true) // '<5'; publishedCount(8, true) // 5; publishedCount(8, false) // 8
 */
export function publishedCount(n: number, restricted: boolean): Published {
  if (!restricted) return n;
  return underThreshold(n) ? SUPPRESSED : band(n);
}

/**
 * A percentage change between two published counts, or null when either is hidden or
 * the base is zero: computed from what the reader sees, so it tells nothing more.
 * @example changeOf(60, 50) // 20; changeOf('<5', 50) // null
 */
export function changeOf(now: Published, before: Published): number | null {
  if (!shown(now) || !shown(before) || before === 0) return null;
  return Math.round(((now - before) / before) * 1000) / 10;
}
