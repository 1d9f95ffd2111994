import type { Role, SourceAgency } from '../lists.js';

/**
 * The role rules of DESIGN.md ("Roles"), each in one place. Routes and services ask
 * these instead of comparing role names themselves. A caller with no role (the system,
 * someone not signed in) is given nothing by them: routes refuse such callers first.
 */

/** Individual records a reader sees: all, or only P-coded ones linked to premises or vehicles. */
export type Scope = 'all' | 'licensing';

/** Which individual sightings and intel a role may read: a scope, or none at all. */
export const recordScope = (role: Role | null): Scope | 'none' =>
  role === 'analyst' || role === 'admin' ? 'all' : role === 'licensing' ? 'licensing' : 'none';

/** Narratives, subject references and C-coded content. */
export const mayReadRestrictedFields = (role: Role | null): boolean => recordScope(role) === 'all';

/**
 * Whether this role's map aggregates must be disclosure-controlled: cells of at least
 * 250 m, counts under 5 shown as "<5" at the cell centre, no individual time or place.
 */
export const aggregatesRestricted = (role: Role | null): boolean => recordScope(role) !== 'all';

/**
 * Premises records (name, address, licence reference): every role that reads individual
 * records within some scope; planners get areas and disclosure-controlled cells only.
 * Lists, detail and the map's premises layer all follow this; so do premises names in
 * hot spot tables.
 */
export const mayReadPremises = (role: Role | null): boolean => recordScope(role) !== 'none';

/**
 * People (subjects), their links, missing episodes and their notes (issue 21): analysts and
 * admins only. No restricted role ever sees a subject, in any view, count, export or PDF.
 */
export const SUBJECT_READERS: Role[] = ['analyst', 'admin'];
export const mayReadSubjects = (role: Role | null): boolean => role !== null && SUBJECT_READERS.includes(role);

/**
 * Sensitive sites (children's homes, refuges, home addresses): drawn, named and exported for
 * analysts and admins only; every other role finds them in counts and nowhere else.
 */
export const maySeeSensitiveSites = (role: Role | null): boolean => recordScope(role) === 'all';

/** Roles that write sightings and intel about anything. */
export const SIGHTING_WRITERS: Role[] = ['analyst', 'admin'];
/** Roles that read individual sighting records (within their scope). */
export const RECORD_READERS: Role[] = ['analyst', 'licensing', 'admin'];

/** Whether a role writes intel only about premises and vehicles (licensing officers), not about people or places. */
export const writesPremisesAndVehicleIntelOnly = (role: Role | null): boolean => recordScope(role) === 'licensing';

/** Roles that may run the near-repeat test: it is built from individual times and places. */
export const NEAR_REPEAT_ROLES: Role[] = ['analyst', 'admin'];

/** Roles that create disruption targets and plan their actions. */
export const DISRUPTION_PLANNERS: Role[] = ['analyst', 'admin'];
/** Roles that record what was done (licensing officers within their scope). */
export const DISRUPTION_LOGGERS: Role[] = ['analyst', 'licensing', 'admin'];
/** Whether a role plans disruption (targets, actions, owners, dates) rather than only logging on it. */
export const plansDisruption = (role: Role | null): boolean => role !== null && DISRUPTION_PLANNERS.includes(role);

/**
 * How much of disruption work a role sees, before the target is known:
 * - `all`: every target and action in full (analysts, admins);
 * - `areas`: every target as an area and its plan, without notes or logs (planners);
 * - `agency`: premises and vehicle targets in full, others only where its own agency
 *   owns an action, and there only that agency's notes and logs (licensing officers);
 * - `none`: no disruption work.
 */
export type DisruptionReach = 'all' | 'areas' | 'agency' | 'none';
export const disruptionReach = (role: Role | null): DisruptionReach =>
  recordScope(role) === 'all' ? 'all' : role === 'planner' ? 'areas' : recordScope(role) === 'licensing' ? 'agency' : 'none';

/** The partner agency whose disruption actions a role owns and works on, where it has one. */
export const disruptionAgencyOf = (role: Role | null): SourceAgency | undefined => (role === 'licensing' ? 'licensing' : undefined);

/**
 * Partners (schools, health, housing, hotel staff…) report concerns and read their own
 * submissions' outcomes; nothing else. They never reach a map, a sighting, intel, a count
 * or another partner's submission, so every API path outside these is refused to them
 * before any route runs (the purpose rule does not apply to them: they read no records).
 */
export const partnerMayCall = (apiPath: string): boolean => /^\/(auth\/|submissions(\/|$)|places\/?$)/.test(apiPath);
/** Whether a role may call this API path (relative to /api) at all; the routes' own rules come after. */
export const mayCallApi = (role: Role | null, apiPath: string): boolean => role !== 'partner' || partnerMayCall(apiPath);
/** Whether a role may use the OGC API (desktop GIS): partners may not. */
export const mayUseOgc = (role: Role | null): boolean => role !== 'partner';

/** Roles that report concerns (POST /api/submissions) and see only their own. */
export const SUBMITTERS: Role[] = ['partner'];
/** Roles that triage partner submissions: the queue, grading, the decision. */
export const TRIAGERS: Role[] = ['analyst', 'admin'];
/** Whether a role sees only the submissions it made itself (partners), rather than the triage queue. */
export const seesOwnSubmissionsOnly = (role: Role | null): boolean => role !== null && SUBMITTERS.includes(role);
/** Whether a role triages partner submissions. */
export const triages = (role: Role | null): boolean => role !== null && TRIAGERS.includes(role);
/** Roles that search the gazetteer (GET /api/places): everyone, partners included. */
export const PLACE_SEARCHERS: Role[] = ['analyst', 'licensing', 'planner', 'admin', 'partner'];
/** Whether a role must belong to an agency (its users are created with one). */
export const needsAgency = (role: Role | null | undefined): boolean => role === 'partner';
/** The 428 purpose rule (a reason for reading records) applies to every role but partners. */
export const purposeApplies = (role: Role | null): boolean => role !== 'partner';
/**
 * Whether an answer in this form needs a stated purpose: every file that leaves the
 * system (a report's PDF, CSV or GeoJSON) is a disclosure, named in the audit log with its reason.
 */
export const exportNeedsPurpose = (format: string | undefined): boolean => format !== undefined && format !== 'json';
/** Whether this caller may be given what needs a stated purpose: it applies to them and they have given one. */
export const purposeMet = (role: Role | null, purpose: string | null): boolean => !purposeApplies(role) || !!purpose;
