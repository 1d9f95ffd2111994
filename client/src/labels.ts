/**
 * Words the page shows for the shared vocabularies. Keyed by the lists in
 * server/lists.ts, so a new category without a label fails the type check.
 */
import {
  MAKESAFE_INDICATORS,
  type AreaKind,
  type GroomingModel,
  type LicenceStatus,
  type MakesafeIndicator,
  type PremisesCategory,
  type Role,
  type SightingCategory,
  type SourceAgency,
  type Weekday,
} from '../../server/lists';

export const ROLE_LABELS: Record<Role, string> = {
  analyst: 'Analyst',
  licensing: 'Licensing officer',
  planner: 'Community safety planner',
  admin: 'Administrator',
  partner: 'Partner',
};

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

export const DATABASE_LABELS: Record<'pglite' | 'postgres', string> = {
  pglite: 'embedded PGlite',
  postgres: 'PostgreSQL',
};

export const MODEL_LABELS: Record<GroomingModel, string> = {
  on_street: 'On-street',
  boyfriend: 'Boyfriend',
  party: 'Party',
  online: 'Online',
  lone_offender: 'Lone offender',
  group_offender: 'Group offender',
  unknown: 'Unknown',
};

export const PREMISES_CATEGORY_LABELS: Record<PremisesCategory, string> = {
  takeaway: 'Take-away',
  hotel: 'Hotel',
  licensed_premises: 'Licensed premises',
  taxi_rank: 'Taxi rank',
  private_hire_operator: 'Private-hire operator',
  shop: 'Shop',
  park: 'Park',
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

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** Operation Makesafe warning signs, worded as in server/lists.ts. */
export const INDICATOR_LABELS = Object.fromEntries(MAKESAFE_INDICATORS.map((i) => [i.code, i.label])) as Record<MakesafeIndicator, string>;
