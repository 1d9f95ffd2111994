import { z } from 'zod';

/** Location fields of a request body: lat/lon (WGS84) or easting/northing (British National Grid). */
export const locationFields = {
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  easting: z.number().min(0).max(700_000).optional(),
  northing: z.number().min(0).max(1_300_000).optional(),
};

export type LocationInput = { lat?: number; lon?: number; easting?: number; northing?: number };

/**
 * Exactly one complete location: lat+lon or easting+northing (or none, when `optional`).
 * Use with `{ when: () => true }` so it is reported alongside other bad fields.
 */
export function checkLocation(optional: boolean) {
  return (v: LocationInput, ctx: z.RefinementCtx) => {
    const wgs = v.lat !== undefined || v.lon !== undefined;
    const bng = v.easting !== undefined || v.northing !== undefined;
    if (wgs && bng) {
      ctx.addIssue({ code: 'custom', path: ['easting'], message: 'give lat/lon or easting/northing, not both' });
      return;
    }
    if (!wgs && !bng) {
      if (!optional) ctx.addIssue({ code: 'custom', path: ['lat'], message: 'a location is required: lat and lon, or easting and northing' });
      return;
    }
    const pair: [keyof LocationInput, keyof LocationInput] = wgs ? ['lat', 'lon'] : ['easting', 'northing'];
    for (const k of pair) {
      if (v[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} is required with ${pair.find((p) => p !== k)}` });
    }
  };
}

export const ALWAYS = { when: () => true } as never;
