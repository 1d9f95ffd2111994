/**
 * Disruption plans in the synthetic demo town, so a new user sees the feature working:
 * - a takeaway in Halliwell where licensing inspections, Makesafe training and patrols
 *   were followed by a clear fall in sightings (no displacement);
 * - an area of shops and a play area in Breightmet where patrols and outreach moved
 *   the problem round the corner: sightings fell in the target and rose 250–500 m away;
 * - an open plan on the taxi rank hot spot, one action overdue, for the board.
 * The sightings that tell the first two stories are planted here, a fixed number per
 * week either side of the first action, so the evaluation reports them at any seed.
 * Every row is synthetic and says so.
 */
import { booleanPointInPolygon, circle } from '@turf/turf';
import type { Knex } from 'knex';
import type { DisruptionActionStatus, DisruptionActionType, GroomingModel, SightingCategory, SourceAgency } from '../../server/lists.js';
import { reviewDue } from '../../server/time/review.js';
import { zoneOffsetMs } from '../../server/time/zone.js';
import type { AreaGeometry } from '../../server/geo/geojson.js';
import * as disruption from '../../server/disruption/repo.js';
import { RING } from '../../server/disruption/schema.js';
import { fictionalPostcode, type AreaSeed, type PremisesSeed, type Town } from './generate.js';
import { distanceM, inTown, offset, round6 } from './geometry.js';
import { DAY_MS, TIME_ZONE, dateOfDay, isoDowOfDay, londonDay } from './london.js';
import {
  BACKGROUND_CATEGORIES,
  CATEGORY_AGENCIES,
  CATEGORY_MODELS,
  HANDLING_CODE,
  HOT_SPOT_CATEGORIES,
  HOUR_WEIGHTS,
  INTEL_ASSESSMENT,
  NARRATIVES,
  PLACE_PHRASES,
  PRECISION_BACKGROUND,
  PRECISION_HOT_SPOT,
  SOURCE_EVAL,
  SYNTHETIC_PREFIX,
  WEEKDAY_WEIGHTS,
} from './patterns.js';
import { createRandom, deriveSeed, weightedOf, type Random, type Weighted } from './random.js';
import type { SightingsLoader } from './load.js';
import { insertPremises } from './repo.js';
import type { SightingSeed } from './sightings.js';
import { HOT_SPOTS, type LonLat } from './town.js';

const WEEK_MS = 7 * DAY_MS;
/** The demo size the planted rates are set for; a bigger town gets proportionally more. */
const BASE_SIGHTINGS = 30_000;
/** Planted weeks before the first action (a year of history), and the after period runs to today. */
const WEEKS_BEFORE = 52;
/** Review periods of the demo's sightings (as seeds/demo/sightings.ts: six years, one for E). */
const REVIEW_MONTHS = 72;
const REVIEW_BY_ASSESSMENT = { E: 12 } as const;

/** Sightings per week before and after the first action (at the base demo size). */
interface Rates {
  before: number;
  after: number;
}

interface Story {
  key: string;
  /** The ward the target lies in: its rest is the comparison area. */
  ward: string;
  centre: LonLat;
  /** Metres from the centre to the target's edge. */
  radiusM: number;
  /** Weeks from the first action to today. */
  weeksAgo: number;
  target: Rates;
  ring: Rates;
  control: Rates;
  /** How the sightings read, from the hot spot mixes of patterns.ts. */
  mix: keyof typeof HOT_SPOT_CATEGORIES;
  actions: { type: DisruptionActionType; agency: SourceAgency; afterDays: number; outcome: string }[];
}

/** The Halliwell takeaway: a clear fall, nothing pushed into the ring. */
const FALL: Story = {
  key: 'fall',
  ward: 'Halliwell',
  centre: [-2.449, 53.5925],
  radiusM: 100,
  weeksAgo: 20,
  target: { before: 6, after: 2 },
  ring: { before: 2, after: 2 },
  control: { before: 5, after: 5 },
  mix: 'takeaway',
  actions: [
    { type: 'licensing_inspection', agency: 'licensing', afterDays: 0, outcome: 'Inspection: CCTV not working, staff unaware of safeguarding duties; written warning issued.' },
    { type: 'makesafe_training', agency: 'licensing', afterDays: 9, outcome: 'Operation Makesafe training given to the owner and five staff.' },
    { type: 'patrol', agency: 'police', afterDays: 14, outcome: 'Friday and Saturday evening patrols for six weeks; two adults moved on.' },
    { type: 'licence_review', agency: 'licensing', afterDays: 42, outcome: 'Licence reviewed: conditions added (CCTV, closing at 23:00, refusals log).' },
  ],
};

/** The Breightmet shops and play area: a fall in the target, a rise round the corner. */
const DISPLACED: Story = {
  key: 'displaced',
  ward: 'Breightmet',
  centre: [-2.378, 53.584],
  radiusM: 150,
  weeksAgo: 18,
  target: { before: 6, after: 2 },
  ring: { before: 2, after: 6 },
  control: { before: 5, after: 5 },
  mix: 'park',
  actions: [
    { type: 'patrol', agency: 'police', afterDays: 0, outcome: 'High-visibility patrols of the parade and the play area, evenings, for eight weeks.' },
    { type: 'youth_outreach', agency: 'youth_service', afterDays: 5, outcome: 'Detached youth workers at the play area on three evenings a week.' },
    { type: 'cctv', agency: 'police', afterDays: 21, outcome: 'Temporary CCTV camera installed over the parade.' },
    { type: 'school_session', agency: 'education', afterDays: 30, outcome: 'Healthy relationships session at the nearby secondary school.' },
  ],
};

/** The takeaway the Halliwell plan is about (the generated premises keep their own numbering). */
const GRILL = { name: 'Brass Lamp Grill (synthetic)', street: 'Mock Street', number: 7, externalRef: 'SYN-PREM-D001', licenceRef: 'SYN-LIC-D001' } as const;

/** The premises this module plants beside the generated ones, where they stand (the demo's streets pass by them). */
export const PLANTED_PREMISES: readonly { name: string; street: string; at: LonLat }[] = [{ name: GRILL.name, street: GRILL.street, at: FALL.centre }];

export interface SeedDisruptionOptions {
  now: Date;
  seed: number;
  /** The size of the demo town; no sightings are planted for an empty one. */
  sightings: number;
  /** Where the planted sightings go: the seed's bulk loader (load.ts). */
  loader: Pick<SightingsLoader, 'load'>;
}

export interface SeedDisruptionCounts {
  targets: number;
  actions: number;
  sightings: number;
}

/** Loads the demo's disruption plans and the sightings round them. */
export async function seedDisruption(knex: Knex, town: Town, opts: SeedDisruptionOptions): Promise<SeedDisruptionCounts> {
  const rng = createRandom(deriveSeed(opts.seed, 'disruption'));
  const ward = (name: string) => {
    const w = town.areas.find((a) => a.kind === 'ward' && a.name === name);
    if (!w) throw new Error(`the demo has no ward "${name}" for its disruption plans`);
    return w;
  };
  const grill = grillPremises(rng, FALL.centre);
  await insertPremises(knex, [grill]);

  const scale = opts.sightings > 0 ? Math.max(1, opts.sightings / BASE_SIGHTINGS) : 0;
  let planted = 0;
  let n = 0;
  for (const story of [FALL, DISPLACED]) {
    const rows = [...plantStory(rng, story, ward(story.ward), startOf(story, opts.now), opts.now, scale, story === FALL ? grill : undefined)].map((r) => ({
      ...r,
      externalRef: `SYN-DIS-${String(++n).padStart(6, '0')}`,
    }));
    planted += await opts.loader.load(rows);
  }

  const rankName = HOT_SPOTS.find((h) => h.key === 'rank')?.areaName;
  const rank = town.areas.find((a) => a.kind === 'hotspot' && a.name === rankName);
  return knex.transaction(async (trx) => {
    let targets = 0;
    let actions = 0;
    const add = async (t: Omit<disruption.TargetRow, 'synthetic' | 'created_by'>, plan: PlannedAction[]) => {
      const id = await disruption.insertTarget(trx, { ...t, synthetic: true, created_by: null });
      for (const a of plan) {
        const actionId = await disruption.insertAction(trx, {
          target_id: id,
          type: a.type,
          owner_agency: a.agency,
          due_date: a.due,
          status: a.status,
          notes: `${SYNTHETIC_PREFIX}${a.notes}`,
          synthetic: true,
          created_by: null,
        });
        if (a.log) await disruption.insertLog(trx, { action_id: actionId, done_at: a.log.doneAt, outcome: `${SYNTHETIC_PREFIX}${a.log.outcome}`, synthetic: true, logged_by: null });
        actions++;
      }
      await disruption.refreshTargetStatus(trx, id);
      targets++;
    };

    const buffer = await disruption.resolveShape(trx, disruption.premisesShape(trx, grill.id, FALL.radiusM));
    await add({ name: 'Brass Lamp Grill, Halliwell (synthetic)', kind: 'premises', geometry: buffer.geometry!, radius_m: FALL.radiusM, premises_id: grill.id }, donePlan(FALL, opts.now));
    await add({ name: 'Moss Row shops and play area, Breightmet (synthetic)', kind: 'polygon', geometry: disc(DISPLACED.centre, DISPLACED.radiusM) }, donePlan(DISPLACED, opts.now));
    if (rank) await add({ name: 'Placeholder Lane taxi rank (synthetic)', kind: 'hotspot', geometry: rank.geometry as AreaGeometry, area_id: rank.id }, openPlan(opts.now));
    return { targets, actions, sightings: planted };
  });
}

interface PlannedAction {
  type: DisruptionActionType;
  agency: SourceAgency;
  /** YYYY-MM-DD */
  due: string;
  status: DisruptionActionStatus;
  notes: string;
  /** When it was logged, with what outcome (actions not yet started have no log). */
  log?: { doneAt: Date; outcome: string };
}

/** The first action: 19:00 London time, `weeksAgo` weeks before today. */
function startOf(story: Story, now: Date): Date {
  const day = londonDay(now) - story.weeksAgo * 7;
  const noonUtc = day * DAY_MS + 12 * 3600_000;
  return new Date(day * DAY_MS + 19 * 3600_000 - zoneOffsetMs(new Date(noonUtc), TIME_ZONE));
}

/** A completed plan: each action done on its day, due three days after. */
function donePlan(story: Story, now: Date): PlannedAction[] {
  const start = startOf(story, now).getTime();
  return story.actions.map((a) => {
    const doneAt = new Date(start + a.afterDays * DAY_MS);
    return { type: a.type, agency: a.agency, due: dateOfDay(londonDay(doneAt) + 3), status: 'done', notes: 'Agreed at the partnership tasking meeting.', log: { doneAt, outcome: a.outcome } };
  });
}

/** An open plan on the taxi rank: one action started, one overdue, one to come. */
function openPlan(now: Date): PlannedAction[] {
  const today = londonDay(now);
  return [
    { type: 'makesafe_training', agency: 'licensing', due: dateOfDay(today + 14), status: 'in_progress', notes: 'Drivers of the rank and its operators.', log: { doneAt: new Date(now.getTime() - 3 * DAY_MS), outcome: 'First session: 12 drivers trained.' } },
    { type: 'taxi_operator_warning', agency: 'licensing', due: dateOfDay(today - 5), status: 'planned', notes: 'Warning letter to the operator of the three vehicles seen most.' },
    { type: 'cctv', agency: 'police', due: dateOfDay(today + 30), status: 'planned', notes: 'Review the rank camera footage for Friday nights.' },
  ];
}

/** The Halliwell takeaway, at the story's centre. */
function grillPremises(rng: Random, at: LonLat): PremisesSeed {
  return {
    id: rng.uuid(),
    name: GRILL.name,
    category: 'takeaway',
    address: `${GRILL.number} ${GRILL.street}, Bolton (synthetic)`,
    postcode: fictionalPostcode(rng, at[0], at[1]),
    lon: at[0],
    lat: at[1],
    licenceRef: GRILL.licenceRef,
    licenceStatus: 'active',
    externalRef: GRILL.externalRef,
  };
}

/** A circle of `radiusM` metres as a polygon. */
function disc(centre: LonLat, radiusM: number): AreaGeometry {
  return circle([centre[0], centre[1]], radiusM, { units: 'meters', steps: 48 }).geometry as AreaGeometry;
}

type Row = Omit<SightingSeed, 'externalRef'>;

/** Metres kept clear of each boundary, so that the PostGIS buffers and this flat geometry agree. */
const MARGIN_M = 25;

/**
 * The story's sightings, week by week from a year before the first action to today:
 * target, ring (250–500 m from the target's edge) and the rest of the ward.
 */
function* plantStory(rng: Random, s: Story, ward: AreaSeed, start: Date, now: Date, scale: number, premises?: PremisesSeed): Generator<Row> {
  if (scale === 0) return;
  const inner = s.radiusM + RING.innerM + MARGIN_M;
  const outer = s.radiusM + RING.outerM - MARGIN_M;
  const inWard = (p: [number, number]) => booleanPointInPolygon(p, ward.geometry);
  const where = {
    target: (): [number, number] => polar(rng, s.centre, 0, s.radiusM - MARGIN_M, true),
    ring: (): [number, number] => polar(rng, s.centre, inner, outer, false),
    control: (): [number, number] => {
      for (;;) {
        const p = polar(rng, s.centre, s.radiusM + RING.outerM + MARGIN_M, 2500, false);
        if (inWard(p) && farFromHotSpots(p)) return p;
      }
    },
  };
  const hot = weightedOf(HOT_SPOT_CATEGORIES[s.mix] as Record<SightingCategory, number>);
  const mixes = { target: hot, ring: hot, control: weightedOf(BACKGROUND_CATEGORIES as Record<SightingCategory, number>) };
  const last = Math.ceil((now.getTime() - start.getTime()) / WEEK_MS);
  for (let week = -WEEKS_BEFORE; week < last; week++) {
    for (const part of ['target', 'ring', 'control'] as const) {
      const rate = s[part][week < 0 ? 'before' : 'after'] * scale;
      // A fixed count a week, give or take one, so the story holds at every seed.
      const n = Math.max(0, Math.round(rate + (rng.int(0, 2) - 1) * Math.min(1, rate / 3)));
      for (let k = 0; k < n; k++) {
        const observed = nightIn(rng, start.getTime() + week * WEEK_MS, now.getTime());
        if (observed === null) continue;
        const [lon, lat] = where[part]();
        const linked = part === 'target' && premises && rng.chance(0.5) ? premises : undefined;
        yield sighting(rng, mixes[part].draw(rng), observed, now, lon, lat, part === 'control' ? 'none' : s.mix === 'takeaway' ? 'takeaway' : 'park', linked);
      }
    }
  }
}

/** Hot spots of the town are kept out of the comparison areas' planted rows (the background has them). */
const farFromHotSpots = (p: LonLat) => HOT_SPOTS.every((h) => distanceM(p, h.centre) > 4 * h.sdM);

/** A point between `fromM` and `toM` metres of the centre, inside the town; `clustered` draws nearer the centre. */
function polar(rng: Random, centre: LonLat, fromM: number, toM: number, clustered: boolean): [number, number] {
  for (;;) {
    const u = rng.next();
    const r = clustered ? fromM + (toM - fromM) * u : Math.sqrt(fromM * fromM + (toM * toM - fromM * fromM) * u);
    const b = rng.next() * 2 * Math.PI;
    const [lon, lat] = offset(centre, r * Math.sin(b), r * Math.cos(b));
    const p: [number, number] = [round6(lon), round6(lat)];
    const d = distanceM(p, centre);
    if (d >= fromM && d <= toM && inTown(p[0], p[1])) return p;
  }
}

const HOURS = HOUR_WEIGHTS.nightEconomy;
const DAYS = WEEKDAY_WEIGHTS.nightEconomy;
const MAX_WEIGHT = Math.max(...HOURS) * Math.max(...DAYS);

/**
 * An instant in the week from `from`, mostly evenings and weekend nights (London
 * time), never after `now`; null when the week has not begun.
 */
function nightIn(rng: Random, from: number, now: number): number | null {
  const to = Math.min(from + WEEK_MS, now);
  if (to <= from) return null;
  for (;;) {
    const t = Math.floor((from + rng.next() * (to - from)) / 1000) * 1000;
    const local = t + zoneOffsetMs(new Date(t), TIME_ZONE);
    const hour = Math.floor(local / 3600_000) % 24;
    // Small hours belong to the evening before.
    const evening = Math.floor(local / DAY_MS) - (hour < 6 ? 1 : 0);
    if (t >= from && rng.next() * MAX_WEIGHT < HOURS[hour]! * DAYS[isoDowOfDay(evening) - 1]!) return t;
  }
}

const MODELS = Object.fromEntries(Object.entries(CATEGORY_MODELS).map(([c, m]) => [c, weightedOf(m as Record<GroomingModel, number>)])) as Record<SightingCategory, Weighted<GroomingModel>>;
const AGENCIES = Object.fromEntries(Object.entries(CATEGORY_AGENCIES).map(([c, m]) => [c, weightedOf(m as Record<SourceAgency, number>)])) as Record<SightingCategory, Weighted<SourceAgency>>;
const pick = {
  eval: weightedOf(SOURCE_EVAL as Record<1 | 2 | 3, number>),
  assessment: weightedOf(INTEL_ASSESSMENT as Record<'A' | 'B' | 'C' | 'D' | 'E', number>),
  handling: weightedOf(HANDLING_CODE as Record<'P' | 'C', number>),
};

function sighting(rng: Random, category: SightingCategory, observed: number, now: Date, lon: number, lat: number, near: 'takeaway' | 'park' | 'none', premises?: PremisesSeed): Row {
  const assessment = pick.assessment.draw(rng);
  const reported = Math.min(observed + Math.round(1 + rng.next() * 30) * 3600_000, now.getTime());
  return {
    id: rng.uuid(),
    observedAt: new Date(observed).toISOString(),
    reportedAt: new Date(Math.max(reported, observed)).toISOString(),
    lon,
    lat,
    precisionM: rng.pick(near === 'none' ? PRECISION_BACKGROUND : PRECISION_HOT_SPOT),
    category,
    groomingModel: MODELS[category].draw(rng),
    sourceAgency: AGENCIES[category].draw(rng),
    sourceEval: pick.eval.draw(rng),
    intelAssessment: assessment,
    handlingCode: pick.handling.draw(rng),
    premisesId: premises?.id ?? null,
    vehicleId: null,
    narrative: SYNTHETIC_PREFIX + rng.pick(NARRATIVES[category]).replace('{place}', rng.pick(PLACE_PHRASES[near])),
    subjectRefs: [],
    indicators: [],
    reviewDue: reviewDue(new Date(londonDay(new Date(observed)) * DAY_MS), assessment, REVIEW_MONTHS, REVIEW_BY_ASSESSMENT),
    origin: 'disruption',
  };
}
