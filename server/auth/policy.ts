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
