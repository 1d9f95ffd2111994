/**
 * The synthetic sightings, generated one at a time so that a million rows need no
 * more memory than a thousand. Pure: same town, seed, count and `now`, same rows.
 *
 * The story an analyst should find in them:
 * - most sightings between 18:00 and 03:00 London time, Friday and Saturday nights highest;
 * - five persistent hot spots (a takeaway, a hotel, a taxi rank, a park, a street);
 * - one emerging hot spot (a bar in Westhoughton) that starts only in the last week: a new hot spot;
 * - summer above winter; a thin background over the whole town, thicker where people live.
 */
import { MAKESAFE_INDICATORS, type GroomingModel, type IntelAssessment, type MakesafeIndicator, type PremisesCategory, type SightingCategory, type SourceAgency } from '../../server/lists.js';
import type { Town, PremisesSeed, VehicleSeed } from './generate.js';
import { alongStreet, scatter, uniformInTown } from './geometry.js';
import { DAY_MS, LondonHours, dayOfYear, isoDowOfDay, londonDay } from './london.js';
import { reviewDue } from '../../server/time/review.js';
import {
  BACKGROUND_CATEGORIES,
  BACKGROUND_SEASONALITY,
  CATEGORY_AGENCIES,
  CATEGORY_MODELS,
  CATEGORY_PROFILE,
  HANDLING_CODE,
  HOT_SPOT_CATEGORIES,
  HOT_SPOT_MODELS,
  HOUR_WEIGHTS,
  INTEL_ASSESSMENT,
  NARRATIVES,
  NIGHT_ROLLOVER_HOUR,
  PLACE_PHRASES,
  PRECISION_BACKGROUND,
  PRECISION_HOT_SPOT,
  PRECISION_NEAR_PREMISES,
  PREMISES_ATTRACTION,
  PUBLIC_SOURCE_EVAL,
  SEASON_PEAK_DAY,
  SOURCE_EVAL,
  SYNTHETIC_PREFIX,
  WEEKDAY_WEIGHTS,
} from './patterns.js';
import { createRandom, deriveSeed, weighted, weightedOf, type Random, type Weighted } from './random.js';
import { HOT_SPOTS, SETTLEMENTS, type HotSpot, type ProfileName } from './town.js';

/** One sighting row, camel-cased, ready for the repo. */
export interface SightingSeed {
  id: string;
  /** ISO 8601 UTC. */
  observedAt: string;
  reportedAt: string;
  lon: number;
  lat: number;
  precisionM: number;
  category: SightingCategory;
  groomingModel: GroomingModel;
  sourceAgency: SourceAgency;
  sourceEval: 1 | 2 | 3;
  intelAssessment: 'A' | 'B' | 'C' | 'D' | 'E';
  handlingCode: 'P' | 'C';
  premisesId: string | null;
  vehicleId: string | null;
  narrative: string;
  subjectRefs: string[];
  /** Operation Makesafe warning signs seen, from those that fit the kind of premises. */
  indicators: MakesafeIndicator[];
  externalRef: string;
  /** 'YYYY-MM-DD': the local date observed, plus one year. */
  reviewDue: string;
  /** Which part of the story made it: a hot spot key, 'premises', 'settlement' or 'uniform'. Not stored. */
  origin: string;
}

export interface SightingOptions {
  count: number;
  /** The end of the history; nothing is observed or reported after it. */
  now: Date;
  seed: number;
}

/** Days of history: 24 months ending on `now`'s London date. */
export const HISTORY_DAYS = 730;

/** Background shares: near a premises, in the built-up areas, anywhere in the town. */
export const BACKGROUND_SHARES = { premises: 0.08, settlement: 0.3 } as const;

/** Chance that a sighting of a vehicle-related category names a vehicle. */
const VEHICLE_LINK: Partial<Record<SightingCategory, number>> = { vehicle_of_interest: 0.5, young_person_collected: 0.2 };
/** Subjects recur at each hot spot (a small pool each); the background draws from many. */
const SUBJECTS_PER_HOT_SPOT = 40;
const BACKGROUND_SUBJECTS = 2000;
const SUBJECT_REF_CHANCE = 0.3;
/** Chance that a sighting at or near a premises records Makesafe warning signs. */
const INDICATOR_CHANCE = 0.45;

type Origin = { kind: 'hotspot'; spot: HotSpot; index: number } | { kind: 'premises' | 'settlement' | 'uniform' };

/** Yields `count` sightings; never holds more than one in memory. */
export function* generateSightings(town: Town, opts: SightingOptions): Generator<SightingSeed> {
  const rng = createRandom(deriveSeed(opts.seed, 'sightings'));
  const ids = createRandom(deriveSeed(opts.seed, 'sighting-ids'));
  const plan = makePlan(town, opts.now);
  const nowMs = opts.now.getTime();

  for (let i = 0; i < opts.count; i++) {
    const origin = plan.origins.draw(rng);
    const hot = origin.kind === 'hotspot' ? origin.spot : undefined;
    const category = hot ? plan.hotCategories.get(hot.key)!.draw(rng) : plan.backgroundCategories.draw(rng);
    const groomingModel = (hot && rng.chance(0.8) ? plan.hotModels.get(hot.key)! : plan.models[category]).draw(rng);
    const profile: ProfileName = hot ? hot.profile : (CATEGORY_PROFILE[category] ?? 'general');

    // Where.
    let lon: number;
    let lat: number;
    let premises: PremisesSeed | undefined;
    let near: PremisesCategory | 'none' = 'none';
    let precisionM: number;
    if (hot) {
      [lon, lat] = hot.street ? alongStreet(rng, hot.street, hot.sdM) : scatter(rng, hot.centre, hot.sdM);
      const heart = hot.premisesKey ? plan.premisesByKey.get(hot.premisesKey) : undefined;
      if (heart) near = heart.category;
      if (heart && rng.chance(hot.premisesLink)) premises = heart;
      precisionM = rng.pick(premises ? PRECISION_NEAR_PREMISES : PRECISION_HOT_SPOT);
    } else if (origin.kind === 'premises') {
      const p = plan.attractive.draw(rng);
      [lon, lat] = scatter(rng, [p.lon, p.lat], 30);
      near = p.category;
      if (rng.chance(0.6)) premises = p;
      precisionM = rng.pick(premises ? PRECISION_NEAR_PREMISES : PRECISION_HOT_SPOT);
    } else {
      if (origin.kind === 'settlement') {
        const s = plan.settlements.draw(rng);
        [lon, lat] = scatter(rng, s.centre, s.sdM);
      } else {
        [lon, lat] = uniformInTown(rng);
      }
      precisionM = rng.pick(PRECISION_BACKGROUND);
    }

    // When: an evening's date, then an hour; small hours belong to the evening before.
    const evening = (hot ? plan.hotDays.get(hot.key)! : plan.profileDays[profile]).draw(rng);
    const hour = plan.hours[profile].draw(rng);
    let day = hour < NIGHT_ROLLOVER_HOUR ? evening + 1 : evening;
    const second = rng.int(0, 3599);
    let observed = plan.clock.utcMs(day, hour) + second * 1000;
    // Tonight has not happened yet: move it a week back, keeping its weekday and hour
    // (the emerging hot spot a day back, so that it stays within its last days).
    const back = hot?.emergingDays ? 1 : 7;
    while (observed > nowMs) {
      day -= back;
      observed = plan.clock.utcMs(day, hour) + second * 1000;
    }

    // Who saw it, how it is graded.
    let sourceAgency = plan.agencies[category].draw(rng);
    if (hot?.key === 'rank' && rng.chance(0.25)) sourceAgency = 'licensing';
    const sourceEval = (sourceAgency === 'public' ? plan.publicEval : plan.eval).draw(rng);
    const delayH = sourceAgency === 'police' ? 0.25 + expo(rng, 3) : 0.5 + expo(rng, 30);
    // Whole seconds: a report time to the millisecond would look machine-made.
    const reported = Math.min(Math.floor((observed + Math.min(delayH, 21 * 24) * 3600_000) / 1000) * 1000, nowMs);

    const vehicle = pickVehicle(rng, plan, category, hot);
    const template = rng.pick(NARRATIVES[category]);
    const assessment = plan.assessment.draw(rng);
    yield {
      id: ids.uuid(),
      observedAt: new Date(observed).toISOString(),
      reportedAt: new Date(reported).toISOString(),
      lon,
      lat,
      precisionM,
      category,
      groomingModel,
      sourceAgency,
      sourceEval,
      intelAssessment: assessment,
      handlingCode: plan.handling.draw(rng),
      premisesId: premises?.id ?? null,
      vehicleId: vehicle?.id ?? null,
      narrative: SYNTHETIC_PREFIX + template.replace('{place}', rng.pick(PLACE_PHRASES[near])),
      subjectRefs: subjectRefs(rng, origin),
      indicators: near === 'none' || !rng.chance(INDICATOR_CHANCE) ? [] : indicators(rng, plan.indicators[near]),
      externalRef: `SYN-${String(i + 1).padStart(7, '0')}`,
      reviewDue: plan.reviewDue(day, assessment),
      origin: hot ? hot.key : origin.kind,
    };
  }
}

/**
 * Review periods for the demo: six years, but one year for intelligence assessed
 * E (suspected false), so the review queue holds a realistic few hundred records.
 */
const DEMO_REVIEW_MONTHS = 72;
const DEMO_REVIEW_BY_ASSESSMENT = { E: 12 } as const;

/** Everything drawn from, built once per run. */
interface Plan {
  clock: LondonHours;
  origins: Weighted<Origin>;
  backgroundCategories: Weighted<SightingCategory>;
  hotCategories: Map<string, Weighted<SightingCategory>>;
  hotModels: Map<string, Weighted<GroomingModel>>;
  models: Record<SightingCategory, Weighted<GroomingModel>>;
  agencies: Record<SightingCategory, Weighted<SourceAgency>>;
  eval: Weighted<1 | 2 | 3>;
  publicEval: Weighted<1 | 2 | 3>;
  assessment: Weighted<'A' | 'B' | 'C' | 'D' | 'E'>;
  handling: Weighted<'P' | 'C'>;
  hours: Record<ProfileName, Weighted<number>>;
  profileDays: Record<ProfileName, Weighted<number>>;
  hotDays: Map<string, Weighted<number>>;
  premisesByKey: Map<string, PremisesSeed>;
  attractive: Weighted<PremisesSeed>;
  settlements: Weighted<(typeof SETTLEMENTS)[number]>;
  storyFleet: Weighted<VehicleSeed>;
  ofInterest: readonly VehicleSeed[];
  vehicles: readonly VehicleSeed[];
  indicators: Record<PremisesCategory, readonly MakesafeIndicator[]>;
  /** 'YYYY-MM-DD' review date of a sighting observed on a local day: a few thousand distinct answers for a million rows, so cached. */
  reviewDue(day: number, assessment: IntelAssessment): string;
}

function makePlan(town: Town, now: Date): Plan {
  const dues = new Map<string, string>();
  const lastDay = londonDay(now);
  const days = Array.from({ length: HISTORY_DAYS }, (_, k) => lastDay - HISTORY_DAYS + 1 + k);
  const season = (day: number, amplitude: number) => 1 + amplitude * Math.cos((2 * Math.PI * (dayOfYear(day) - SEASON_PEAK_DAY)) / 365.25);
  const dayPicker = (profile: ProfileName, amplitude: number, emergingDays?: number) =>
    weighted(
      days,
      days.map((d) => {
        const w = WEEKDAY_WEIGHTS[profile][isoDowOfDay(d) - 1]! * season(d, amplitude);
        if (emergingDays === undefined) return w;
        // Nothing before it starts, then a ramp up to today.
        const age = d - (lastDay - emergingDays + 1);
        return age < 0 ? 0 : w * (0.3 + (0.7 * age) / emergingDays);
      }),
    );
  const profiles = Object.keys(HOUR_WEIGHTS) as ProfileName[];
  const byProfile = <T>(f: (p: ProfileName) => T) => Object.fromEntries(profiles.map((p) => [p, f(p)])) as Record<ProfileName, T>;
  const byCategory = <T>(table: Record<SightingCategory, T>, f: (v: T) => Weighted<string>) =>
    Object.fromEntries(Object.entries(table).map(([k, v]) => [k, f(v as T)]));

  const hotShare = HOT_SPOTS.reduce((s, h) => s + h.share, 0);
  const uniformShare = 1 - hotShare - BACKGROUND_SHARES.premises - BACKGROUND_SHARES.settlement;
  const origins: Origin[] = [
    ...HOT_SPOTS.map((spot, index) => ({ kind: 'hotspot' as const, spot, index })),
    { kind: 'premises' },
    { kind: 'settlement' },
    { kind: 'uniform' },
  ];
  const premisesByKey = new Map(town.premises.filter((p) => p.key).map((p) => [p.key!, p]));
  // The emerging hot spot's premises opened recently: it must not collect older sightings.
  const emergingKeys = new Set(HOT_SPOTS.filter((h) => h.emergingDays).map((h) => h.premisesKey));
  const attractive = town.premises.filter((p) => !emergingKeys.has(p.key));
  const storyOperator = premisesByKey.get('operator');
  const fleet = town.vehicles.filter((v) => storyOperator && v.operatorId === storyOperator.id);

  return {
    clock: new LondonHours(),
    origins: weighted(origins, [...HOT_SPOTS.map((h) => h.share), BACKGROUND_SHARES.premises, BACKGROUND_SHARES.settlement, uniformShare]),
    backgroundCategories: weightedOf(BACKGROUND_CATEGORIES as Record<SightingCategory, number>),
    hotCategories: new Map(HOT_SPOTS.map((h) => [h.key, weightedOf(HOT_SPOT_CATEGORIES[h.key] as Record<SightingCategory, number>)])),
    hotModels: new Map(HOT_SPOTS.map((h) => [h.key, weightedOf(HOT_SPOT_MODELS[h.key] as Record<GroomingModel, number>)])),
    models: byCategory(CATEGORY_MODELS, (m) => weightedOf(m as Record<string, number>)) as Record<SightingCategory, Weighted<GroomingModel>>,
    agencies: byCategory(CATEGORY_AGENCIES, (m) => weightedOf(m as Record<string, number>)) as Record<SightingCategory, Weighted<SourceAgency>>,
    eval: weightedOf(SOURCE_EVAL as Record<1 | 2 | 3, number>),
    publicEval: weightedOf(PUBLIC_SOURCE_EVAL as Record<1 | 2 | 3, number>),
    assessment: weightedOf(INTEL_ASSESSMENT as Record<'A' | 'B' | 'C' | 'D' | 'E', number>),
    handling: weightedOf(HANDLING_CODE as Record<'P' | 'C', number>),
    hours: byProfile((p) => weighted(Array.from({ length: 24 }, (_, h) => h), HOUR_WEIGHTS[p])),
    profileDays: byProfile((p) => dayPicker(p, BACKGROUND_SEASONALITY)),
    hotDays: new Map(HOT_SPOTS.map((h) => [h.key, dayPicker(h.profile, h.seasonality, h.emergingDays)])),
    premisesByKey,
    attractive: weighted(attractive, attractive.map((p) => PREMISES_ATTRACTION[p.category])),
    settlements: weighted(SETTLEMENTS, SETTLEMENTS.map((s) => s.weight)),
    storyFleet: weighted(fleet.length ? fleet : town.vehicles, (fleet.length ? fleet : town.vehicles).map((v) => (v.ofInterest ? 10 : 1))),
    ofInterest: town.vehicles.filter((v) => v.ofInterest),
    vehicles: town.vehicles,
    indicators: Object.fromEntries(
      Object.keys(PREMISES_ATTRACTION).map((c) => [c, MAKESAFE_INDICATORS.filter((i) => (i.appliesTo as readonly string[]).includes(c)).map((i) => i.code)]),
    ) as Record<PremisesCategory, MakesafeIndicator[]>,
    reviewDue(day, assessment) {
      const key = `${day}${assessment}`;
      let due = dues.get(key);
      if (due === undefined) {
        due = reviewDue(new Date(day * DAY_MS), assessment, DEMO_REVIEW_MONTHS, DEMO_REVIEW_BY_ASSESSMENT);
        dues.set(key, due);
      }
      return due;
    },
  };
}

/**
 * The vehicle a sighting names, if any: at the taxi rank mostly the story operator's
 * cars (three of them again and again); at the emerging bar a private car of
 * interest; elsewhere sometimes a known vehicle of interest, else any.
 */
function pickVehicle(rng: Random, plan: Plan, category: SightingCategory, hot: HotSpot | undefined): VehicleSeed | undefined {
  const chance = VEHICLE_LINK[category];
  if (!chance || !rng.chance(chance) || plan.vehicles.length === 0) return undefined;
  if (hot?.key === 'rank') return plan.storyFleet.draw(rng);
  const privates = plan.ofInterest.filter((v) => v.licenceNo === null);
  if (hot?.emergingDays && privates.length && rng.chance(0.7)) return privates[privates.length - 1];
  if (plan.ofInterest.length && rng.chance(0.3)) return rng.pick(plan.ofInterest);
  return rng.pick(plan.vehicles);
}

function subjectRefs(rng: Random, origin: Origin): string[] {
  if (!rng.chance(SUBJECT_REF_CHANCE)) return [];
  const n = rng.chance(0.75) ? 1 : 2;
  const refs = new Set<string>();
  for (let k = 0; k < n; k++) {
    const num =
      origin.kind === 'hotspot'
        ? 1 + origin.index * SUBJECTS_PER_HOT_SPOT + rng.int(0, SUBJECTS_PER_HOT_SPOT - 1)
        : 1 + HOT_SPOTS.length * SUBJECTS_PER_HOT_SPOT + rng.int(0, BACKGROUND_SUBJECTS - 1);
    refs.add(`SYN-SUBJ-${String(num).padStart(4, '0')}`);
  }
  return [...refs];
}

/** One warning sign, sometimes two, of those that fit the place. */
function indicators(rng: Random, fitting: readonly MakesafeIndicator[]): MakesafeIndicator[] {
  if (fitting.length === 0) return [];
  const first = rng.pick(fitting);
  const second = rng.chance(0.3) ? rng.pick(fitting) : first;
  return second === first ? [first] : [first, second];
}

/** Exponential with the given mean. */
const expo = (rng: Random, mean: number) => -mean * Math.log(1 - rng.next());

/** For tests and logs: the days the history covers, as day numbers. */
export function historyDays(now: Date): { first: number; last: number } {
  const last = londonDay(now);
  return { first: last - HISTORY_DAYS + 1, last };
}
