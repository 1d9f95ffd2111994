/**
 * The fixed vocabularies of Lantern: one source of truth for server validation,
 * database constraints (migrations read these) and the client's pickers.
 * This module imports nothing, so the client can import it as it is.
 */

export const SIGHTING_CATEGORIES = [
  'adult_loitering',
  'young_person_collected',
  'young_person_with_older_adults',
  'vehicle_of_interest',
  'party_address',
  'missing_from_home_found',
  'truanting_at_address',
  'goods_unknown_source',
  'online_contact',
  'other',
] as const;
export type SightingCategory = (typeof SIGHTING_CATEGORIES)[number];

export const GROOMING_MODELS = [
  'on_street',
  'boyfriend',
  'party',
  'online',
  'lone_offender',
  'group_offender',
  'unknown',
] as const;
export type GroomingModel = (typeof GROOMING_MODELS)[number];

export const SOURCE_AGENCIES = [
  'police',
  'licensing',
  'health',
  'education',
  'social_care',
  'youth_service',
  'housing',
  'voluntary_sector',
  'business',
  'transport',
  'public',
] as const;
export type SourceAgency = (typeof SOURCE_AGENCIES)[number];

/** 3x5x2 grading (College of Policing APP, intelligence management). */
export const SOURCE_EVALUATIONS = [1, 2, 3] as const;
export type SourceEvaluation = (typeof SOURCE_EVALUATIONS)[number];
export const SOURCE_EVALUATION_LABELS: Record<SourceEvaluation, string> = {
  1: 'Reliable',
  2: 'Untested',
  3: 'Not reliable',
};

export const INTEL_ASSESSMENTS = ['A', 'B', 'C', 'D', 'E'] as const;
export type IntelAssessment = (typeof INTEL_ASSESSMENTS)[number];
export const INTEL_ASSESSMENT_LABELS: Record<IntelAssessment, string> = {
  A: 'Known directly',
  B: 'Known indirectly, corroborated',
  C: 'Known indirectly',
  D: 'Not known',
  E: 'Suspected false',
};

export const HANDLING_CODES = ['P', 'C'] as const;
export type HandlingCode = (typeof HANDLING_CODES)[number];
export const HANDLING_CODE_LABELS: Record<HandlingCode, string> = {
  P: 'Lawful sharing permitted',
  C: 'Lawful sharing permitted with conditions',
};

export const PREMISES_CATEGORIES = [
  'takeaway',
  'hotel',
  'licensed_premises',
  'taxi_rank',
  'private_hire_operator',
  'shop',
  'park',
  'children_home',
  'school',
  'refuge',
  'other',
] as const;
export type PremisesCategory = (typeof PREMISES_CATEGORIES)[number];

export const LICENCE_STATUSES = ['active', 'pending', 'suspended', 'revoked', 'expired', 'none'] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];

export const AREA_KINDS = ['ward', 'hotspot', 'patrol_zone', 'custom'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

/** What POST /api/imports/:kind takes: partners' sightings, licensing's registers, area boundaries, gazetteers, street basemap layers, missing episodes. */
export const IMPORT_KINDS = ['sightings', 'premises', 'vehicles', 'areas', 'places', 'basemap', 'episodes'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Gazetteer files as published: OS Code-Point Open, ONS Postcode Directory, OS Open Names, OS Open UPRN (`?format=` of a places import). */
export const PLACE_FORMATS = ['codepoint', 'onspd', 'open-names', 'open-uprn'] as const;
export type PlaceFormat = (typeof PLACE_FORMATS)[number];

/** Street basemap files (`?format=` of a basemap import): a GeoPackage or GeoJSON of one layer, or an OpenStreetMap extract as either. */
export const BASEMAP_FORMATS = ['gpkg', 'geojson', 'osm-gpkg', 'osm-geojson'] as const;
export type BasemapFormat = (typeof BASEMAP_FORMATS)[number];

export const INTEL_SUBJECT_TYPES = ['premises', 'vehicle', 'area', 'location'] as const;
export type IntelSubjectType = (typeof INTEL_SUBJECT_TYPES)[number];

export const ROLES = ['analyst', 'licensing', 'planner', 'admin', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** Agencies in plain words, for the partner's account and the Admin page. */
export const SOURCE_AGENCY_LABELS: Record<SourceAgency, string> = {
  police: 'Police',
  licensing: 'Council licensing',
  health: 'Health (e.g. school nurse)',
  education: 'School or college',
  social_care: "Children's social care",
  youth_service: 'Youth service',
  housing: 'Housing',
  voluntary_sector: 'Voluntary sector',
  business: 'Business (hotel, take-away, licensed trade)',
  transport: 'Transport (taxi marshal, bus or rail staff)',
  public: 'Parent or member of the public',
};

/** What a partner saw, in plain words; each maps to a sighting category for triage. */
export const CONCERN_CATEGORIES = [
  { code: 'adult_loitering', label: 'Adults hanging around where young people are' },
  { code: 'young_person_collected', label: 'A young person picked up or dropped off by an adult' },
  { code: 'young_person_with_older_adults', label: 'A young person with older adults who are not family' },
  { code: 'vehicle_of_interest', label: 'A car or taxi that worried me' },
  { code: 'party_address', label: 'A house or flat where young people go to parties' },
  { code: 'missing_from_home_found', label: 'A young person who was missing, found here' },
  { code: 'truanting_at_address', label: 'A young person off school at an address' },
  { code: 'goods_unknown_source', label: 'A young person with new phones, money, clothes or gifts' },
  { code: 'online_contact', label: 'Worrying contact online or by phone' },
  { code: 'other', label: 'Something else' },
] as const;

/** How a sighting's or submission's place was found, kept beside `precision_m`. */
export const LOCATION_METHODS = ['gps', 'map', 'address', 'postcode', 'street', 'area', 'unknown'] as const;
export type LocationMethod = (typeof LOCATION_METHODS)[number];

/** How a partner gave the place of a concern (POST /api/submissions `location.method`). */
export const SUBMISSION_LOCATION_METHODS = ['search', 'map', 'gps', 'unknown'] as const;
export type SubmissionLocationMethod = (typeof SUBMISSION_LOCATION_METHODS)[number];

/** A partner submission's life: received → (in triage) → actioned or no further action. */
export const SUBMISSION_STATUSES = ['received', 'in_triage', 'actioned', 'no_further_action'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
export const SUBMISSION_STATUS_LABELS: Record<SubmissionStatus, string> = {
  received: 'Received',
  in_triage: 'In triage',
  actioned: 'Actioned',
  no_further_action: 'No further action',
};

/** The outcome an analyst decides for a submission. */
export const SUBMISSION_OUTCOMES = ['sighting', 'intel', 'episode', 'duplicate', 'no_action'] as const;
export type SubmissionOutcome = (typeof SUBMISSION_OUTCOMES)[number];

/**
 * Sensitive sites (issue 21): counted in statistics, never drawn as a point, never named
 * and never exported for any role but analysts (and admins, who read as analysts). A
 * missing episode's "missing from" given as a point rather than premises is a home
 * address, and sensitive in the same way.
 */
export const SENSITIVE_PREMISES_CATEGORIES = ['children_home', 'refuge'] as const satisfies readonly PremisesCategory[];
export const isSensitivePremisesCategory = (c: string): boolean => (SENSITIVE_PREMISES_CATEGORIES as readonly string[]).includes(c);

/** People Lantern keeps (issue 21): analysts and admins only, never any restricted role. */
export const SUBJECT_KINDS = ['child_at_risk', 'person_of_interest', 'unknown_adult'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export const SUBJECT_KIND_LABELS: Record<SubjectKind, string> = {
  child_at_risk: 'Child at risk',
  person_of_interest: 'Person of interest',
  unknown_adult: 'Unknown adult (described)',
};

/** How a subject is linked to a sighting, intel, a vehicle or a missing episode. */
export const SUBJECT_LINK_ROLES = ['seen_with', 'driver', 'victim', 'suspected_offender', 'reporting_person'] as const;
export type SubjectLinkRole = (typeof SUBJECT_LINK_ROLES)[number];
export const SUBJECT_LINK_ROLE_LABELS: Record<SubjectLinkRole, string> = {
  seen_with: 'Seen with',
  driver: 'Driver',
  victim: 'Victim',
  suspected_offender: 'Suspected offender',
  reporting_person: 'Reporting person',
};

/** A journey's legs, in the order the group-offender model describes them. */
export const JOURNEY_LEG_KINDS = ['approached', 'picked_up', 'taken_to', 'dropped_off'] as const;
export type JourneyLegKind = (typeof JOURNEY_LEG_KINDS)[number];
export const JOURNEY_LEG_LABELS: Record<JourneyLegKind, string> = {
  approached: 'Approached',
  picked_up: 'Picked up',
  taken_to: 'Taken to',
  dropped_off: 'Dropped off',
};

/** Node kinds of the associations graph. */
export const ASSOCIATION_NODE_TYPES = ['subject', 'vehicle', 'premises', 'place'] as const;
export type AssociationNodeType = (typeof ASSOCIATION_NODE_TYPES)[number];

/** Playback frames the map asks for in one request (`GET /api/map/clusters/frames`): a year of weeks, two months of days. */
export const FRAMES_PER_REQUEST = 60;

/** "Repeat missing": this many episodes or more within REPEAT_MISSING_DAYS. */
export const REPEAT_MISSING_EPISODES = 3;
export const REPEAT_MISSING_DAYS = 90;

/** Kinds of gazetteer entry `GET /api/places` answers. */
export const PLACE_KINDS = ['postcode', 'street', 'place', 'premises', 'address'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** What an audit_log row records (DPA 2018 s.62): the server writes these, the admin screens filter by them. */
export const AUDIT_ACTIONS = [
  'consult',
  'search',
  'create',
  'update',
  'delete',
  'export',
  'import',
  'login',
  'login_failed',
  'logout',
  'purpose_set',
  'denied',
  'token_use',
  'user_create',
  'user_update',
  'review',
  'verify',
  'seed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** ISO weekday order (1 = Monday), as PostgreSQL's `isodow`. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Operation Makesafe warning signs (the CSE awareness scheme for hotels, licensed
 * premises, take-aways and taxis), recorded as typed indicators on sightings and intel.
 * `appliesTo` lists where each sign is usually seen; forms offer those first.
 */
export const MAKESAFE_INDICATORS = [
  { code: 'walk_in_booking_no_luggage', label: 'Walk-in booking with no luggage', appliesTo: ['hotel'] },
  { code: 'local_address_booking', label: 'Room booked by a guest with a local address', appliesTo: ['hotel'] },
  { code: 'cash_payment_short_stay', label: 'Cash payment for a short stay', appliesTo: ['hotel'] },
  { code: 'room_requested_away_from_cctv', label: 'Room requested away from CCTV or near an exit', appliesTo: ['hotel'] },
  { code: 'multiple_visitors_to_room', label: 'Several visitors to one room', appliesTo: ['hotel'] },
  { code: 'adult_controlling_young_person', label: 'Adult controlling or speaking for a young person', appliesTo: ['hotel', 'licensed_premises', 'takeaway', 'taxi_rank', 'private_hire_operator', 'shop', 'park', 'other'] },
  { code: 'young_person_intoxicated', label: 'Young person drunk or under the influence of drugs', appliesTo: ['hotel', 'licensed_premises', 'takeaway', 'taxi_rank', 'private_hire_operator', 'park', 'other'] },
  { code: 'young_person_distressed', label: 'Young person distressed, injured or scared', appliesTo: ['hotel', 'licensed_premises', 'takeaway', 'taxi_rank', 'private_hire_operator', 'shop', 'park', 'other'] },
  { code: 'young_person_with_older_adults', label: 'Young person with older, unrelated adults', appliesTo: ['hotel', 'licensed_premises', 'takeaway', 'private_hire_operator', 'park', 'other'] },
  { code: 'underage_drinking_or_served', label: 'Young person served or supplied alcohol', appliesTo: ['licensed_premises', 'shop'] },
  { code: 'free_food_gifts_or_credit', label: 'Young person given free food, gifts, phone credit or cigarettes', appliesTo: ['takeaway', 'shop'] },
  { code: 'young_person_in_staff_area', label: 'Young person in a staff-only or back area', appliesTo: ['takeaway', 'licensed_premises', 'shop'] },
  { code: 'young_person_repeatedly_collected', label: 'Young people repeatedly collected or dropped off', appliesTo: ['takeaway', 'taxi_rank', 'private_hire_operator', 'hotel', 'other'] },
  { code: 'free_or_unrecorded_journeys', label: 'Free or unrecorded journeys for young people', appliesTo: ['taxi_rank', 'private_hire_operator'] },
  { code: 'driver_collects_at_school_or_home', label: 'Driver collecting young people at schools, homes or care homes', appliesTo: ['private_hire_operator', 'taxi_rank'] },
  { code: 'journey_at_unusual_hours', label: 'Young person travelling late at night or at unusual hours', appliesTo: ['taxi_rank', 'private_hire_operator'] },
] as const;
export type MakesafeIndicator = (typeof MAKESAFE_INDICATORS)[number]['code'];
export const MAKESAFE_CODES = MAKESAFE_INDICATORS.map((i) => i.code) as unknown as readonly [MakesafeIndicator, ...MakesafeIndicator[]];

/**
 * Disruption actions from multi-agency CSE practice, with the agency that usually
 * owns each (forms offer it first; any agency may own any action).
 */
export const DISRUPTION_ACTION_TYPES = [
  { code: 'licensing_inspection', label: 'Licensing inspection', usualAgency: 'licensing' },
  { code: 'licence_review', label: 'Licence review', usualAgency: 'licensing' },
  { code: 'makesafe_visit', label: 'Operation Makesafe visit', usualAgency: 'police' },
  { code: 'makesafe_training', label: 'Operation Makesafe training', usualAgency: 'licensing' },
  { code: 'patrol', label: 'Patrol', usualAgency: 'police' },
  { code: 'cawn', label: 'Child Abduction Warning Notice', usualAgency: 'police' },
  { code: 'closure_order', label: 'Premises closure order', usualAgency: 'police' },
  { code: 'taxi_operator_warning', label: 'Taxi operator warning', usualAgency: 'licensing' },
  { code: 'youth_outreach', label: 'Youth outreach', usualAgency: 'youth_service' },
  { code: 'school_session', label: 'School session', usualAgency: 'education' },
  { code: 'cctv', label: 'CCTV', usualAgency: 'police' },
  { code: 'other', label: 'Other', usualAgency: 'police' },
] as const;
export type DisruptionActionType = (typeof DISRUPTION_ACTION_TYPES)[number]['code'];
export const DISRUPTION_ACTION_CODES = DISRUPTION_ACTION_TYPES.map((t) => t.code) as unknown as readonly [DisruptionActionType, ...DisruptionActionType[]];

/** What a disruption target is drawn round. */
export const DISRUPTION_TARGET_KINDS = ['hotspot', 'polygon', 'premises', 'vehicle'] as const;
export type DisruptionTargetKind = (typeof DISRUPTION_TARGET_KINDS)[number];

/** A target is open while any of its actions is planned or in progress. */
export const DISRUPTION_TARGET_STATUSES = ['open', 'completed'] as const;
export type DisruptionTargetStatus = (typeof DISRUPTION_TARGET_STATUSES)[number];

export const DISRUPTION_ACTION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type DisruptionActionStatus = (typeof DISRUPTION_ACTION_STATUSES)[number];

/** Patterns of an emerging hot spot analysis, as ArcGIS Pro's Emerging Hot Spot Analysis names them. */
export const EMERGING_PATTERNS = [
  'new_hot_spot',
  'consecutive_hot_spot',
  'intensifying_hot_spot',
  'persistent_hot_spot',
  'diminishing_hot_spot',
  'sporadic_hot_spot',
  'oscillating_hot_spot',
  'historical_hot_spot',
  'new_cold_spot',
  'consecutive_cold_spot',
  'intensifying_cold_spot',
  'persistent_cold_spot',
  'diminishing_cold_spot',
  'sporadic_cold_spot',
  'oscillating_cold_spot',
  'historical_cold_spot',
  'no_pattern',
] as const;
export type EmergingPattern = (typeof EMERGING_PATTERNS)[number];
