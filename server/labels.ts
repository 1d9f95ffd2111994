/**
 * The vocabularies in words (server/lists.ts holds the codes): what the header, the map, the
 * records, the reports and the Admin page call each code. Keyed by the lists' types, so a
 * new code without a label fails the type check. The client imports these directly.
 */
import { type AreaKind, DISRUPTION_ACTION_TYPES, type DisruptionActionStatus, type DisruptionActionType, type DisruptionTargetKind, type EmergingPattern, type GroomingModel, type LicenceStatus, MAKESAFE_INDICATORS, type MakesafeIndicator, type PlaceKind, type PremisesCategory, type Role, type SightingCategory, type SourceAgency, type SubmissionOutcome, type Weekday } from './lists.js';

/** Roles as the header and the Admin page name them. */
export const ROLE_LABELS: Record<Role, string> = {
  analyst: 'Analyst',
  licensing: 'Licensing officer',
  planner: 'Community safety planner',
  admin: 'Administrator',
  partner: 'Partner',
};

/** Sighting categories as the map, the record panel and the area report name them. */
export const CATEGORY_LABELS: Record<SightingCategory, string> = {
  adult_loitering: 'Adult loitering',
  young_person_collected: 'Young person collected or dropped off',
  young_person_with_older_adults: 'Young person with older adults',
  vehicle_of_interest: 'Vehicle of interest',
  party_address: 'Party address',
  missing_from_home_found: 'Missing from home, found',
  truanting_at_address: 'Truanting at an address',
  goods_unknown_source: 'Goods of unknown source',
  online_contact: 'Online contact',
  other: 'Other',
};

/** Agencies in short, for staff (the map's filters, records and plans); partners see SOURCE_AGENCY_LABELS. */
export const AGENCY_LABELS: Record<SourceAgency, string> = {
  police: 'Police',
  licensing: 'Licensing',
  health: 'Health',
  education: 'Education',
  social_care: 'Social care',
  youth_service: 'Youth service',
  housing: 'Housing',
  voluntary_sector: 'Voluntary sector',
  business: 'Business',
  transport: 'Transport',
  public: 'Public',
};

/** The database the server runs on, as the health footer names it. */
export const DATABASE_LABELS: Record<'pglite' | 'postgres', string> = {
  pglite: 'embedded PGlite',
  postgres: 'PostgreSQL',
};

/** Grooming models, on the map and in the area report. */
export const MODEL_LABELS: Record<GroomingModel, string> = {
  on_street: 'On-street',
  boyfriend: 'Boyfriend',
  party: 'Party',
  online: 'Online',
  lone_offender: 'Lone offender',
  group_offender: 'Group offender',
  unknown: 'Unknown',
};

/** Premises categories, on the map, the look-up and the area report's repeat places. */
export const PREMISES_CATEGORY_LABELS: Record<PremisesCategory, string> = {
  takeaway: 'Take-away',
  hotel: 'Hotel',
  licensed_premises: 'Licensed premises',
  taxi_rank: 'Taxi rank',
  private_hire_operator: 'Private-hire operator',
  shop: 'Shop',
  park: 'Park',
  children_home: "Children's home",
  school: 'School',
  refuge: 'Refuge',
  other: 'Other premises',
};

export const LICENCE_STATUS_LABELS: Record<LicenceStatus, string> = {
  active: 'Active',
  pending: 'Pending',
  suspended: 'Suspended',
  revoked: 'Revoked',
  expired: 'Expired',
  none: 'No licence',
};

export const AREA_KIND_LABELS: Record<AreaKind, string> = {
  ward: 'Ward',
  hotspot: 'Hot spot',
  patrol_zone: 'Patrol zone',
  custom: 'Custom area',
};

/** Short weekday names, as on the toggles ("Mon"). */
export const WEEKDAY_SHORT: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** Whole weekday names, as in "Friday nights". */
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** Operation Makesafe warning signs, worded as in MAKESAFE_INDICATORS. */
export const INDICATOR_LABELS = Object.fromEntries(MAKESAFE_INDICATORS.map((i) => [i.code, i.label])) as Record<MakesafeIndicator, string>;

/** Disruption actions by code, worded as in DISRUPTION_ACTION_TYPES. */
export const DISRUPTION_ACTION_LABELS = Object.fromEntries(DISRUPTION_ACTION_TYPES.map((t) => [t.code, t.label])) as Record<DisruptionActionType, string>;

export const DISRUPTION_ACTION_STATUS_LABELS: Record<DisruptionActionStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const DISRUPTION_TARGET_KIND_LABELS: Record<DisruptionTargetKind, string> = {
  hotspot: 'Hot spot',
  polygon: 'Area',
  premises: 'Premises',
  vehicle: 'Vehicle',
};

/** A triage decision, in the order the form offers them. */
export const SUBMISSION_OUTCOME_LABELS: Record<SubmissionOutcome, string> = {
  sighting: 'Record as sightings',
  intel: 'Record as intelligence',
  episode: 'Missing episode',
  duplicate: 'Duplicate of an earlier report',
  no_action: 'No further action',
};

/** Gazetteer entries as the place search names them to partners. */
export const PLACE_KIND_LABELS: Record<PlaceKind, string> = {
  postcode: 'Postcode',
  street: 'Street',
  place: 'Place',
  premises: 'Business or venue',
  address: 'Address',
};

/** What each pattern means, in ArcGIS's definitions, shortened. */
export const EMERGING_PATTERN_LABELS: Record<EmergingPattern, { name: string; means: string }> = {
  new_hot_spot: { name: 'New hot spot', means: 'hot in the latest period and never before' },
  consecutive_hot_spot: { name: 'Consecutive hot spot', means: 'hot in an unbroken run of the latest periods, never before it' },
  intensifying_hot_spot: { name: 'Intensifying hot spot', means: 'hot in at least 90 % of periods, including the latest, and getting stronger' },
  persistent_hot_spot: { name: 'Persistent hot spot', means: 'hot in at least 90 % of periods with no clear trend' },
  diminishing_hot_spot: { name: 'Diminishing hot spot', means: 'hot in at least 90 % of periods, including the latest, and weakening' },
  sporadic_hot_spot: { name: 'Sporadic hot spot', means: 'hot on and off, never cold' },
  oscillating_hot_spot: { name: 'Oscillating hot spot', means: 'hot in the latest period, cold at some time before' },
  historical_hot_spot: { name: 'Historical hot spot', means: 'hot in at least 90 % of periods, but not the latest' },
  new_cold_spot: { name: 'New cold spot', means: 'cold in the latest period and never before' },
  consecutive_cold_spot: { name: 'Consecutive cold spot', means: 'cold in an unbroken run of the latest periods' },
  intensifying_cold_spot: { name: 'Intensifying cold spot', means: 'cold in at least 90 % of periods and getting colder' },
  persistent_cold_spot: { name: 'Persistent cold spot', means: 'cold in at least 90 % of periods with no clear trend' },
  diminishing_cold_spot: { name: 'Diminishing cold spot', means: 'cold in at least 90 % of periods and fading' },
  sporadic_cold_spot: { name: 'Sporadic cold spot', means: 'cold on and off, never hot' },
  oscillating_cold_spot: { name: 'Oscillating cold spot', means: 'cold in the latest period, hot at some time before' },
  historical_cold_spot: { name: 'Historical cold spot', means: 'cold in at least 90 % of periods, but not the latest' },
  no_pattern: { name: 'No pattern', means: 'none of the above' },
};
