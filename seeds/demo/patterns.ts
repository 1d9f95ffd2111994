/**
 * The behaviour of the synthetic sightings: when they happen, what they are, who
 * reports them and how they are graded. Weights are relative, not percentages.
 * The shapes follow what CSE problem profiles typically describe (evenings and
 * weekend nights, the night-time economy, summer highs), not any real data.
 */
import type { GroomingModel, SightingCategory, SourceAgency, PremisesCategory } from '../../server/lists.js';
import type { ProfileName } from './town.js';

/** Hours 00:00–05:59 belong to the night before: the profile's day is the evening's date. */
export const NIGHT_ROLLOVER_HOUR = 6;

/** Weights by local clock hour, 0–23. */
export const HOUR_WEIGHTS: Record<ProfileName, readonly number[]> = {
  //            0  1  2  3  4    5    6    7    8    9   10   11   12   13   14   15   16   17   18   19   20   21   22   23
  nightEconomy: [9, 8, 6, 3, 1.5, 0.5, 0.2, 0.2, 0.2, 0.3, 0.4, 0.5, 0.8, 0.8, 0.8, 1, 1.2, 1.8, 3, 4.5, 6.5, 8, 10, 10],
  lateParty: [9, 9, 8, 5, 3, 1, 0.3, 0.2, 0.2, 0.2, 0.3, 0.3, 0.5, 0.5, 0.5, 0.7, 1, 1.5, 2.5, 4, 5.5, 7, 8, 9],
  evening: [2, 1, 0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.5, 1.8, 2, 3.5, 5, 6, 7, 7.5, 7, 6, 4.5, 3],
  general: [6, 5, 3.5, 2, 1, 0.6, 0.5, 0.8, 1.3, 1.5, 1.5, 1.5, 2, 2, 2, 3, 3.5, 4, 5, 6, 7, 8, 8, 7.5],
  schoolDay: [0, 0, 0, 0, 0, 0, 0, 0, 1, 5, 6, 6, 5, 6, 6, 3, 0.5, 0, 0, 0, 0, 0, 0, 0],
};

/** Weights by the evening's weekday, Monday first (ISO order). */
export const WEEKDAY_WEIGHTS: Record<ProfileName, readonly number[]> = {
  nightEconomy: [0.6, 0.6, 0.7, 1.0, 2.0, 2.3, 0.9],
  lateParty: [0.5, 0.5, 0.6, 0.8, 2.1, 2.5, 1.0],
  evening: [0.9, 0.9, 0.9, 1.0, 1.4, 1.5, 1.2],
  general: [0.85, 0.85, 0.9, 1.0, 1.45, 1.6, 1.05],
  schoolDay: [1, 1, 1, 1, 1, 0, 0],
};

/** Mid-July: the summer high of the seasonal swing (day of the year). */
export const SEASON_PEAK_DAY = 196;
/** Swing of the town's background, ±fraction about the mean. */
export const BACKGROUND_SEASONALITY = 0.3;

type Mix<K extends string | number> = Readonly<Partial<Record<K, number>>>;

/** Background mix of categories (hot spots have their own, below). */
export const BACKGROUND_CATEGORIES: Mix<SightingCategory> = {
  adult_loitering: 14,
  young_person_collected: 12,
  young_person_with_older_adults: 18,
  vehicle_of_interest: 12,
  party_address: 7,
  missing_from_home_found: 10,
  truanting_at_address: 5,
  goods_unknown_source: 7,
  online_contact: 8,
  other: 7,
};

/** Which time profile a background sighting of each category follows. */
export const CATEGORY_PROFILE: Partial<Record<SightingCategory, ProfileName>> = {
  truanting_at_address: 'schoolDay',
  online_contact: 'evening',
  party_address: 'lateParty',
  missing_from_home_found: 'lateParty',
};

export const HOT_SPOT_CATEGORIES: Record<string, Mix<SightingCategory>> = {
  takeaway: { young_person_with_older_adults: 40, adult_loitering: 25, goods_unknown_source: 15, young_person_collected: 12, vehicle_of_interest: 8 },
  hotel: { young_person_with_older_adults: 35, party_address: 20, missing_from_home_found: 20, young_person_collected: 15, other: 10 },
  rank: { vehicle_of_interest: 45, young_person_collected: 35, young_person_with_older_adults: 12, adult_loitering: 8 },
  park: { adult_loitering: 35, young_person_with_older_adults: 30, goods_unknown_source: 20, other: 15 },
  street: { party_address: 50, missing_from_home_found: 20, young_person_collected: 15, young_person_with_older_adults: 15 },
  lounge: { young_person_with_older_adults: 45, vehicle_of_interest: 25, young_person_collected: 20, goods_unknown_source: 10 },
};

/** Grooming models by category (the hot spots lean their own way, below). */
export const CATEGORY_MODELS: Record<SightingCategory, Mix<GroomingModel>> = {
  adult_loitering: { on_street: 45, group_offender: 20, unknown: 35 },
  young_person_collected: { on_street: 30, group_offender: 30, boyfriend: 15, unknown: 25 },
  young_person_with_older_adults: { on_street: 25, group_offender: 30, party: 15, boyfriend: 10, unknown: 20 },
  vehicle_of_interest: { on_street: 35, group_offender: 30, lone_offender: 10, unknown: 25 },
  party_address: { party: 65, group_offender: 20, unknown: 15 },
  missing_from_home_found: { party: 25, boyfriend: 20, group_offender: 20, unknown: 35 },
  truanting_at_address: { boyfriend: 30, party: 20, lone_offender: 15, unknown: 35 },
  goods_unknown_source: { boyfriend: 35, group_offender: 25, online: 10, unknown: 30 },
  online_contact: { online: 80, lone_offender: 10, unknown: 10 },
  other: { unknown: 60, on_street: 15, lone_offender: 10, online: 15 },
};

export const HOT_SPOT_MODELS: Record<string, Mix<GroomingModel>> = {
  takeaway: { group_offender: 45, on_street: 35, unknown: 20 },
  hotel: { party: 40, group_offender: 40, unknown: 20 },
  rank: { group_offender: 40, on_street: 40, unknown: 20 },
  park: { on_street: 50, boyfriend: 20, unknown: 30 },
  street: { party: 70, group_offender: 20, unknown: 10 },
  lounge: { group_offender: 50, party: 25, unknown: 25 },
};

/** Who reports each kind of sighting. */
export const CATEGORY_AGENCIES: Record<SightingCategory, Mix<SourceAgency>> = {
  adult_loitering: { police: 40, public: 15, youth_service: 15, voluntary_sector: 10, housing: 10, licensing: 10 },
  young_person_collected: { police: 35, social_care: 20, education: 15, public: 10, youth_service: 10, licensing: 10 },
  young_person_with_older_adults: { police: 35, youth_service: 15, social_care: 15, voluntary_sector: 10, public: 10, licensing: 10, health: 5 },
  vehicle_of_interest: { police: 45, licensing: 25, public: 15, education: 5, social_care: 5, youth_service: 5 },
  party_address: { police: 35, housing: 25, social_care: 20, public: 15, health: 5 },
  missing_from_home_found: { police: 60, social_care: 30, health: 10 },
  truanting_at_address: { education: 60, social_care: 20, police: 10, housing: 10 },
  goods_unknown_source: { social_care: 35, education: 25, police: 20, youth_service: 10, health: 10 },
  online_contact: { education: 30, social_care: 30, police: 25, health: 10, voluntary_sector: 5 },
  other: { police: 30, health: 20, voluntary_sector: 20, housing: 15, public: 15 },
};

/** 3x5x2: most intelligence is untested and known indirectly; few sources are the public's best. */
export const SOURCE_EVAL: Mix<1 | 2 | 3> = { 1: 20, 2: 62, 3: 18 };
export const PUBLIC_SOURCE_EVAL: Mix<1 | 2 | 3> = { 1: 2, 2: 60, 3: 38 };
export const INTEL_ASSESSMENT: Mix<'A' | 'B' | 'C' | 'D' | 'E'> = { A: 8, B: 34, C: 40, D: 14, E: 4 };
export const HANDLING_CODE: Mix<'P' | 'C'> = { P: 86, C: 14 };

/** Recorded precision, metres: tight where a premises is named, loose elsewhere. */
export const PRECISION_NEAR_PREMISES = [10, 10, 15, 20, 25, 30] as const;
export const PRECISION_HOT_SPOT = [10, 25, 25, 50, 50, 75, 100] as const;
export const PRECISION_BACKGROUND = [25, 50, 50, 75, 100, 100, 150, 200, 250] as const;

/** How often background sightings are drawn to each kind of premises. */
export const PREMISES_ATTRACTION: Record<PremisesCategory, number> = {
  takeaway: 3,
  hotel: 3,
  licensed_premises: 2,
  taxi_rank: 2,
  private_hire_operator: 1,
  shop: 2,
  park: 2,
  other: 1,
  children_home: 0,
  school: 0,
  refuge: 0,
};

/** Narratives: short, generic, no one identifiable, always marked synthetic. */
export const NARRATIVES: Record<SightingCategory, readonly string[]> = {
  adult_loitering: [
    'Adult males seen loitering {place} and approaching young people.',
    'Group of adults repeatedly waiting {place} late in the evening.',
    'Lone adult observed {place} watching young people for a long period.',
  ],
  young_person_collected: [
    'Young person seen collected {place} by an unknown adult in a car.',
    'Young person dropped off {place} by an older adult, seemed anxious.',
    'Several young people collected {place} by different vehicles.',
  ],
  young_person_with_older_adults: [
    'Young person seen {place} with considerably older adults.',
    'Two young people with a group of older males {place}.',
    'Young person appeared intoxicated {place} in the company of adults.',
  ],
  vehicle_of_interest: [
    'Vehicle seen circling {place} and stopping beside young people.',
    'Vehicle parked {place} for long periods with engine running.',
    'Vehicle seen repeatedly {place} with young passengers late at night.',
  ],
  party_address: [
    'Reports of parties {place} with young people arriving late.',
    'Neighbours report young people visiting {place} at all hours.',
    'Address {place} believed used for parties with adults present.',
  ],
  missing_from_home_found: [
    'Young person reported missing was found {place}.',
    'Missing young person located {place} in the early hours.',
  ],
  truanting_at_address: [
    'Young people seen {place} during school hours.',
    'School-age young person observed {place} with adults during the school day.',
  ],
  goods_unknown_source: [
    'Young person seen with new phone and cash of unknown source {place}.',
    'Young person given food and alcohol free of charge {place}.',
  ],
  online_contact: [
    'Young person disclosed online contact from an adult who arranged to meet {place}.',
    'Concern about messaging from unknown adults; meeting proposed {place}.',
  ],
  other: [
    'General concern raised about activity {place}.',
    'Information received about young people at risk {place}.',
  ],
};

/** How a narrative names the place, by the kind of premises (or none). */
export const PLACE_PHRASES: Record<PremisesCategory | 'none', readonly string[]> = {
  takeaway: ['outside a takeaway', 'inside a takeaway'],
  hotel: ['at a hotel', 'in a hotel car park'],
  licensed_premises: ['outside a bar', 'at a licensed premises'],
  taxi_rank: ['at a taxi rank', 'near a taxi rank'],
  private_hire_operator: ['outside a private hire office'],
  shop: ['outside a convenience shop', 'near a shop'],
  park: ['in a park', 'near the play area of a park'],
  other: ['near a community building'],
  children_home: ['near a residential home'],
  school: ['near a school'],
  refuge: ['near a residential building'],
  none: ['in the street', 'near a bus stop', 'on a residential street', 'near a parade of shops', 'at an address'],
};

export const SYNTHETIC_PREFIX = 'SYNTHETIC DEMO RECORD: ';
