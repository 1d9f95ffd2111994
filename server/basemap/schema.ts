import { z } from 'zod';

/**
 * The street basemap's contract, shared with the client: the vector tile layers, the
 * road classes every source is normalised to, the zoom from which each is drawn, and
 * the glyph font stacks Lantern serves.
 */

/** MVT layers of `GET /api/basemap/tiles/{z}/{x}/{y}.mvt`. */
export const BASEMAP_LAYERS = ['roads', 'water', 'green', 'buildings'] as const;
export type BasemapLayer = (typeof BASEMAP_LAYERS)[number];

/** Road classes, most important first (OS Open Roads and OSM are mapped onto these). */
export const ROAD_CLASSES = ['motorway', 'primary', 'secondary', 'minor', 'service', 'path'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/** The lowest tile zoom that carries each road class: small roads at town scale would be noise. */
export const ROAD_MIN_ZOOM: Record<RoadClass, number> = { motorway: 0, primary: 0, secondary: 9, minor: 12, service: 14, path: 14 };
/** Buildings are only in tiles from this zoom on. */
export const BUILDINGS_MIN_ZOOM = 14;
/** The deepest zoom tiles are made for; the map overzooms past it. */
export const BASEMAP_MAX_ZOOM = 16;

/** Font stacks whose glyphs Lantern serves (generated from DejaVu at build time). */
export const GLYPH_FONTS = { regular: 'DejaVu Sans Book', bold: 'DejaVu Sans Bold' } as const;
/** Unicode ranges of 256 code points generated for each font: Latin-1 and Latin Extended-A/B. */
export const GLYPH_RANGES = ['0-255', '256-511'] as const;

export const tileParamsSchema = z
  .object({
    z: z.coerce.number().int().min(0).max(BASEMAP_MAX_ZOOM),
    x: z.coerce.number().int().min(0),
    y: z.coerce.number().int().min(0),
  })
  .refine((t) => t.x < 2 ** t.z, { path: ['x'], message: 'x must be below 2^z' })
  .refine((t) => t.y < 2 ** t.z, { path: ['y'], message: 'y must be below 2^z' });
export type TileParams = z.infer<typeof tileParamsSchema>;

export const glyphParamsSchema = z.object({
  fontstack: z.string().min(1).max(200),
  range: z.string().regex(/^\d+-\d+$/, 'range must look like 0-255'),
});
export type GlyphParams = z.infer<typeof glyphParamsSchema>;
