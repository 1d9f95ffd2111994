import type { Role } from '../lists.js';

/**
 * The role rules of DESIGN.md ("Roles"), each in one place. Routes and services ask
 * these instead of comparing role names themselves.
 */

/** Which individual sightings a role may read: all, only P-coded ones linked to premises or vehicles, or none. */
export type RecordScope = 'all' | 'licensing' | 'none';
export const recordScope = (role: Role): RecordScope =>
  role === 'analyst' || role === 'admin' ? 'all' : role === 'licensing' ? 'licensing' : 'none';

/** Narratives, subject references and C-coded content. */
export const mayReadRestrictedFields = (role: Role): boolean => role === 'analyst' || role === 'admin';

/**
 * Whether this role's map aggregates must be disclosure-controlled: cells of at least
 * 250 m, counts under 5 shown as "<5" at the cell centre, no individual time or place.
 */
export const aggregatesRestricted = (role: Role): boolean => recordScope(role) !== 'all';

/**
 * Premises records (name, address, licence reference): every role that reads individual
 * records within some scope; planners get areas and disclosure-controlled cells only.
 * Lists, detail and the map's premises layer all follow this.
 */
export const mayReadPremises = (role: Role): boolean => recordScope(role) !== 'none';

/** Roles that write sightings and intel about anything. */
export const SIGHTING_WRITERS: Role[] = ['analyst', 'admin'];
/** Roles that read individual sighting records (within their scope). */
export const RECORD_READERS: Role[] = ['analyst', 'licensing', 'admin'];

/**
 * Partners (schools, health, housing, hotel staff…) report concerns and read their own
 * submissions' outcomes; nothing else. They never reach a map, a sighting, intel, a count
 * or another partner's submission, so every API path outside these is refused to them
 * before any route runs (the purpose rule does not apply to them: they read no records).
 */
export const partnerMayCall = (apiPath: string): boolean => /^\/(auth\/|submissions(\/|$)|places\/?$)/.test(apiPath);

/** Roles that report concerns (POST /api/submissions) and see only their own. */
export const SUBMITTERS: Role[] = ['partner'];
/** Roles that triage partner submissions: the queue, grading, the decision. */
export const TRIAGERS: Role[] = ['analyst', 'admin'];
/** Roles that search the gazetteer (GET /api/places): everyone, partners included. */
export const PLACE_SEARCHERS: Role[] = ['analyst', 'licensing', 'planner', 'admin', 'partner'];
/** Whether a role must belong to an agency (its users are created with one). */
export const needsAgency = (role: Role): boolean => role === 'partner';
/** The 428 purpose rule (a reason for reading records) applies to every role but partners. */
export const purposeApplies = (role: Role): boolean => role !== 'partner';
