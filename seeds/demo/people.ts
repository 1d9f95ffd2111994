/**
 * The people of the synthetic demo town (issue 21): a children's home and a school, a
 * handful of subjects, one child's repeat missing episodes, and two journeys of the
 * group-offender model from the town centre to the story's hotel. Every row is marked
 * synthetic and says so in its text; every name and reference is invented.
 *
 * The story an analyst should find:
 * - SYN-CHILD-1 goes missing from the children's home four times in the last 90 days
 *   ("repeat missing"), is found near the Station View Hotel twice, and is brought back
 *   each time by one of the story operator's cars;
 * - that car's driver (SYN-POI-1) and a man from the takeaway (SYN-POI-2) turn up in the
 *   sightings at the hotel and the takeaway with the child and an unknown adult;
 * - twice, the child is approached in the town centre, picked up by a car, taken to the
 *   hotel and dropped off again: two journeys of four legs.
 *
 * @example
 * // Inside the demo seed's transaction, after seedDisruption and before loader.finish():
 * await seedPeople(trx, town, { now, seed, loader });
 */
import type { Knex } from 'knex';
import type { JourneyLegKind, SightingCategory, SubjectKind, SubjectLinkRole } from '../../server/lists.js';
import { reviewDue } from '../../server/time/review.js';
import * as episodes from '../../server/episodes/repo.js';
import * as journeys from '../../server/journeys/repo.js';
import * as sightings from '../../server/sightings/repo.js';
import * as subjects from '../../server/subjects/repo.js';
import type { PremisesSeed, Town, VehicleSeed } from './generate.js';
import { fictionalPostcode } from './generate.js';
import { offset, scatter } from './geometry.js';
import { DAY_MS, TIME_ZONE, isoDowOfDay, londonDay } from './london.js';
import type { SightingsLoader } from './load.js';
import { SYNTHETIC_PREFIX } from './patterns.js';
import { insertPremises } from './repo.js';
import { createRandom, deriveSeed, type Random } from './random.js';
import type { SightingSeed } from './sightings.js';
import { TOWN_CENTRE, type LonLat } from './town.js';

export interface SeedPeopleOptions {
  /** The end of the demo's history: episodes and journeys lie before it. */
  now: Date;
  seed: number;
  /** The demo's sightings loader, still open: the journeys' sightings go in through it. */
  loader: SightingsLoader;
}

export interface SeedPeopleCounts {
  premises: number;
  subjects: number;
  episodes: number;
  journeys: number;
  sightings: number;
  links: number;
}

/** Review periods as the demo's sightings have them (months). */
const REVIEW_MONTHS = 72;

/** A residential street in Deane, a mile west of the centre: where the children's home stands. */
const HOME_AT: LonLat = [-2.4563, 53.5702];
const SCHOOL_AT: LonLat = [-2.4468, 53.5748];

interface SubjectSeed {
  key: string;
  kind: SubjectKind;
  ref: string;
  description: string;
  displayName: string | null;
}

const SUBJECTS: readonly SubjectSeed[] = [
  { key: 'child1', kind: 'child_at_risk', ref: 'SYN-CHILD-1', description: 'Girl, 14, looked after at Willowmere Children’s Home (synthetic)', displayName: 'Child A (synthetic)' },
  { key: 'child2', kind: 'child_at_risk', ref: 'SYN-CHILD-2', description: 'Girl, 15, attends Juniper High School (synthetic)', displayName: 'Child B (synthetic)' },
  { key: 'driver', kind: 'person_of_interest', ref: 'SYN-POI-1', description: 'Man, 30s, private-hire driver for Swift Lantern Cars (synthetic)', displayName: 'Person of interest 1 (synthetic)' },
  { key: 'takeaway', kind: 'person_of_interest', ref: 'SYN-POI-2', description: 'Man, 40s, often at the Golden Fork Takeaway (synthetic)', displayName: 'Person of interest 2 (synthetic)' },
  { key: 'adult', kind: 'unknown_adult', ref: 'SYN-ADULT-1', description: 'Unknown man, 20s, slim, dark padded jacket, seen with the children (synthetic)', displayName: null },
];

/** Days before `now` each of SYN-CHILD-1's episodes starts: four within 90 days. */
const EPISODE_DAYS_AGO = [82, 57, 31, 9] as const;

/** The legs of a journey, in order, and how long after the first each happens (minutes). */
const LEGS: readonly { kind: JourneyLegKind; category: SightingCategory; afterMin: number }[] = [
  { kind: 'approached', category: 'young_person_with_older_adults', afterMin: 0 },
  { kind: 'picked_up', category: 'young_person_collected', afterMin: 25 },
  { kind: 'taken_to', category: 'young_person_with_older_adults', afterMin: 40 },
  { kind: 'dropped_off', category: 'young_person_collected', afterMin: 220 },
];

export async function seedPeople(trx: Knex.Transaction, town: Town, opts: SeedPeopleOptions): Promise<SeedPeopleCounts> {
  const rng = createRandom(deriveSeed(opts.seed, 'people'));
  const story = storyPlaces(town);
  const today = londonDay(opts.now);
  const due = (day: number) => reviewDue(new Date(day * DAY_MS), 'C', REVIEW_MONTHS, {});

  const home = premisesSeed(rng, 'Willowmere Children’s Home (synthetic)', 'children_home', HOME_AT, 'Pretend Close', 'SYN-PREM-P001');
  const school = premisesSeed(rng, 'Juniper High School (synthetic)', 'school', SCHOOL_AT, 'Demo Way', 'SYN-PREM-P002');
  await insertPremises(trx, [home, school]);

  const ids = new Map<string, string>();
  for (const s of SUBJECTS) {
    ids.set(s.key, await subjects.insert(trx, { kind: s.kind, ref: s.ref, description: s.description, display_name: s.displayName, synthetic: true, review_due: due(today) }));
  }
  const subject = (key: string) => ids.get(key)!;

  // The child's episodes: missing in the evening, found overnight near the hotel, the takeaway or the rank.
  const foundPlaces: LonLat[] = [story.hotel.at, story.takeaway.at, story.hotel.at, story.rank.at];
  const notes = [
    'Return interview: says she was at a friend’s; would not say where. Had a new phone.',
    'Return interview: was given food at a takeaway; a man gave her a lift back.',
    'Return interview: says she stayed at a hotel with older friends. Declined to say more.',
    'Return interview: picked up by a taxi she did not call; was driven back in the morning.',
  ];
  let episodeCount = 0;
  for (const [i, daysAgo] of EPISODE_DAYS_AGO.entries()) {
    const reported = (today - daysAgo) * DAY_MS + rng.int(19, 22) * 3600_000 + rng.int(0, 59) * 60_000;
    const found = reported + rng.int(5, 14) * 3600_000 + rng.int(0, 59) * 60_000;
    const at = scatter(rng, foundPlaces[i]!, 60);
    await episodes.insert(trx, {
      subject_id: subject('child1'),
      missing_from_premises_id: home.id,
      reported_missing_at: new Date(reported),
      found_time: new Date(Math.min(found, opts.now.getTime())),
      found: { lon: at[0], lat: at[1] },
      found_precision_m: rng.pick([25, 50, 100]),
      returned_by_vehicle_id: story.car.id,
      notes: `${SYNTHETIC_PREFIX}${notes[i]}`,
      synthetic: true,
      review_due: due(today - daysAgo),
    });
    episodeCount++;
  }
  // The second child goes missing once from home (a point: a sensitive site) and is brought back by the driver.
  {
    const reported = (today - 40) * DAY_MS + 21 * 3600_000;
    const homeOf2 = scatter(rng, [-2.4405, 53.5862], 120);
    const at = scatter(rng, story.hotel.at, 80);
    await episodes.insert(trx, {
      subject_id: subject('child2'),
      from: { lon: homeOf2[0], lat: homeOf2[1] },
      reported_missing_at: new Date(reported),
      found_time: new Date(reported + 9 * 3600_000),
      found: { lon: at[0], lat: at[1] },
      found_precision_m: 100,
      returned_by_subject_id: subject('driver'),
      notes: `${SYNTHETIC_PREFIX}Return interview: a man she knows as a taxi driver brought her home.`,
      synthetic: true,
      review_due: due(today - 40),
    });
    episodeCount++;
  }

  // Who turns up in the sightings already there: the driver, the takeaway man, the child and the unknown adult.
  let links = 0;
  const link = async (key: string, role: SubjectLinkRole, target: { sightingId?: string; vehicleId?: string }) => {
    if (await subjects.insertLink(trx, { subjectId: subject(key), role, ...target, createdBy: null })) links++;
  };
  await link('driver', 'driver', { vehicleId: story.car.id });
  const atHotel = await sightings.list(trx, { premisesId: story.hotel.id }, TIME_ZONE, 'all', 40);
  const withCar = atHotel.filter((s) => s.vehicleId);
  for (const s of withCar.slice(0, 3)) await link('driver', 'driver', { sightingId: s.id });
  for (const s of atHotel.slice(0, 4)) await link('child1', 'victim', { sightingId: s.id });
  for (const s of atHotel.slice(2, 5)) await link('adult', 'seen_with', { sightingId: s.id });
  const atTakeaway = await sightings.list(trx, { premisesId: story.takeaway.id }, TIME_ZONE, 'all', 20);
  for (const s of atTakeaway.slice(0, 4)) await link('takeaway', 'seen_with', { sightingId: s.id });
  for (const s of atTakeaway.slice(1, 3)) await link('child2', 'victim', { sightingId: s.id });

  // Two journeys from the town centre to the hotel, on Friday or Saturday nights.
  const trips = [
    { daysAgo: 24, child: 'child1', from: scatter(rng, TOWN_CENTRE, 90), pickUp: story.rank, title: 'Town centre to Station View Hotel, by private hire (synthetic)' },
    { daysAgo: 12, child: 'child2', from: scatter(rng, story.takeaway.at, 40), pickUp: story.takeaway, title: 'Golden Fork Takeaway to Station View Hotel (synthetic)' },
  ];
  let journeyCount = 0;
  let planted = 0;
  for (const [t, trip] of trips.entries()) {
    const day = fridayOrSaturdayBefore(today - trip.daysAgo);
    const start = day * DAY_MS + 21 * 3600_000 + rng.int(0, 45) * 60_000;
    const places: [number, number][] = [trip.from, scatter(rng, trip.pickUp.at, 20), scatter(rng, story.hotel.at, 20), scatter(rng, offset(TOWN_CENTRE, 150, -120), 60)];
    const premisesOf = [null, trip.pickUp.id, story.hotel.id, null];
    const rows: SightingSeed[] = LEGS.map((leg, i) => {
      const observed = Math.min(start + leg.afterMin * 60_000, opts.now.getTime() - 3600_000);
      return journeySighting(rng, {
        id: rng.uuid(),
        observed,
        now: opts.now,
        at: places[i]!,
        category: leg.category,
        premisesId: premisesOf[i]!,
        vehicleId: leg.kind === 'picked_up' || leg.kind === 'taken_to' ? story.car.id : null,
        externalRef: `SYN-JRN-${t + 1}-${i + 1}`,
        narrative: JOURNEY_NARRATIVES[leg.kind],
        reviewDue: due(londonDay(new Date(observed))),
      });
    });
    planted += await opts.loader.load(rows);
    const id = await journeys.insert(trx, { title: trip.title, reviewDue: due(today), createdBy: null }, rows.map((r, i) => ({ kind: LEGS[i]!.kind, sightingId: r.id })));
    // journeys.insert makes a user's journey; the demo's are marked synthetic as every demo row is.
    await trx('journeys').update({ synthetic: true }).where({ id });
    journeyCount++;
    for (const [i, r] of rows.entries()) {
      await link(trip.child, 'victim', { sightingId: r.id });
      if (LEGS[i]!.kind === 'picked_up' || LEGS[i]!.kind === 'taken_to') await link('driver', 'driver', { sightingId: r.id });
      if (LEGS[i]!.kind === 'approached') await link(t === 0 ? 'adult' : 'takeaway', 'suspected_offender', { sightingId: r.id });
    }
  }
  return { premises: 2, subjects: SUBJECTS.length, episodes: episodeCount, journeys: journeyCount, sightings: planted, links };
}

const JOURNEY_NARRATIVES: Record<JourneyLegKind, string> = {
  approached: 'Girl approached by an older man in the town centre; they talked for some minutes.',
  picked_up: 'Girl got into a private-hire car that had been waiting; she did not appear to have booked it.',
  taken_to: 'Car arrived at the hotel; the girl went in with the driver and another man, no luggage.',
  dropped_off: 'Girl dropped off in the town centre in the early hours, alone.',
};

interface StoryPlace {
  id: string;
  at: LonLat;
}

/** The story's fixed premises and the car of interest of the story operator. */
function storyPlaces(town: Town): { hotel: StoryPlace; takeaway: StoryPlace; rank: StoryPlace; car: VehicleSeed } {
  const byKey = (key: string): StoryPlace => {
    const p = town.premises.find((x) => x.key === key);
    if (!p) throw new Error(`the demo has no "${key}" premises for its people`);
    return { id: p.id, at: [p.lon, p.lat] };
  };
  const operator = town.premises.find((p) => p.key === 'operator');
  const car = town.vehicles.find((v) => v.ofInterest && v.operatorId === operator?.id) ?? town.vehicles.find((v) => v.ofInterest) ?? town.vehicles[0];
  if (!car) throw new Error('the demo has no vehicles for its people');
  return { hotel: byKey('hotel'), takeaway: byKey('takeaway'), rank: byKey('rank'), car };
}

function premisesSeed(rng: Random, name: string, category: 'children_home' | 'school', at: LonLat, street: string, externalRef: string): PremisesSeed {
  return {
    id: rng.uuid(),
    name,
    category,
    address: `${rng.int(2, 90)} ${street}, Bolton (synthetic)`,
    postcode: fictionalPostcode(rng, at[0], at[1]),
    lon: at[0],
    lat: at[1],
    licenceRef: null,
    licenceStatus: 'none',
    externalRef,
  };
}

/** The Friday or Saturday on or before a day. */
function fridayOrSaturdayBefore(day: number): number {
  let d = day;
  while (isoDowOfDay(d) !== 5 && isoDowOfDay(d) !== 6) d--;
  return d;
}

function journeySighting(
  rng: Random,
  s: { id: string; observed: number; now: Date; at: [number, number]; category: SightingCategory; premisesId: string | null; vehicleId: string | null; externalRef: string; narrative: string; reviewDue: string },
): SightingSeed {
  const reported = Math.min(s.observed + rng.int(1, 18) * 3600_000, s.now.getTime());
  return {
    id: s.id,
    observedAt: new Date(s.observed).toISOString(),
    reportedAt: new Date(Math.max(reported, s.observed)).toISOString(),
    lon: s.at[0],
    lat: s.at[1],
    precisionM: 25,
    category: s.category,
    groomingModel: 'group_offender',
    sourceAgency: 'police',
    sourceEval: 2,
    intelAssessment: 'B',
    handlingCode: 'C',
    premisesId: s.premisesId,
    vehicleId: s.vehicleId,
    narrative: SYNTHETIC_PREFIX + s.narrative,
    subjectRefs: [],
    indicators: s.category === 'young_person_collected' ? ['young_person_repeatedly_collected'] : [],
    externalRef: s.externalRef,
    reviewDue: s.reviewDue,
    origin: 'people',
  };
}
