import { z } from 'zod';
import type { PlaceKind } from '../lists.js';

export const DEFAULT_PLACE_LIMIT = 10;
export const MAX_PLACE_LIMIT = 50;

export const placeQuerySchema = z.strictObject({
  q: z.string().max(200, 'must be at most 200 characters').refine((s) => /[a-z0-9]/i.test(s), 'type a postcode, street, place or premises name'),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PLACE_LIMIT, `must be at most ${MAX_PLACE_LIMIT}`))
    .optional(),
});

/** One search result: a point (WGS84) with what it is and how far it may be from the truth. */
export interface Place {
  name: string;
  kind: PlaceKind;
  /** Metres: a postcode's spread, a street's half-length, a premises' doorway. */
  precisionM: number;
  lon: number;
  lat: number;
  /** Set when the place is a premises Lantern knows, so a report can link it. */
  premisesId?: string;
  synthetic: boolean;
}

/** A gazetteer row to load (demo seed or import). */
export interface PlaceRow {
  name: string;
  kind: PlaceKind;
  lon: number;
  lat: number;
  precisionM: number;
  source: string;
  sourceRef?: string | null;
  synthetic?: boolean;
}

/** `GET /api/places`: the search results as GeoJSON points, WGS84 `[lon, lat]`. */
export interface PlaceCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; geometry: { type: 'Point'; coordinates: [number, number] }; properties: Omit<Place, 'lon' | 'lat'> }[];
}
