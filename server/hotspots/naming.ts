/**
 * Places named for people: the nearest named street and, for roles that may read
 * premises, the nearest premises — "Deane Road, near Bras Lamp Grill" — to go beside a
 * grid reference. Street names are public geography; premises names are not, so they
 * are given only when asked for (callers pass their role's rule). Sensitive sites
 * (children's homes, refuges) name a place only for readers who may see them (`sensitive`).
 */
import type { Db } from '../db/index.js';
import { nearestStreetNames } from '../basemap/service.js';
import { nearestPremises } from './repo.js';

/** How far a street or premises may be from the point and still name it, metres. */
export const NAMING_RADIUS_M = { street: 250, premises: 150 } as const;

export interface PlaceName {
  street: string | null;
  /** Null unless premises may be named */
  premises: string | null;
  /** "Deane Road, near Bras Lamp Grill", "Deane Road", "near Bras Lamp Grill", or null */
  label: string | null;
}

/** "Deane Road, near Bras Lamp Grill" from its parts; null when neither is known. */
export function placeLabel(street: string | null, premises: string | null): string | null {
  if (street && premises) return `${street}, near ${premises}`;
  if (street) return street;
  return premises ? `near ${premises}` : null;
}

/**
 * Names for each point ([lon, lat], WGS84), in order.
 * @example await nameplaces(db, [[-2.43, 53.57]], { premises: false }) // [{ street: 'Deane Road', premises: null, label: 'Deane Road' }]
 */
export async function nameplaces(db: Db, points: readonly (readonly [number, number])[], o: { premises: boolean; sensitive?: boolean }): Promise<PlaceName[]> {
  if (!points.length) return [];
  const streets = await nearestStreetNames(db, points, NAMING_RADIUS_M.street);
  const premises: (string | null)[] = points.map(() => null);
  if (o.premises) for (const p of await nearestPremises(db.knex, points, NAMING_RADIUS_M.premises, { sensitive: o.sensitive ?? false })) premises[p.i] = p.name;
  return points.map((_, i) => ({ street: streets[i] ?? null, premises: premises[i] ?? null, label: placeLabel(streets[i] ?? null, premises[i] ?? null) }));
}
