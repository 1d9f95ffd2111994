/** A WGS84 bounding box in degrees: west, south, east, north. */
export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * Parses `w,s,e,n` (degrees, EPSG:4326). A west edge east of the east edge is a box
 * across the antimeridian and is kept as given; `splitAntimeridian` turns it into two.
 * Returns an error message instead of throwing, for the schema to report.
 * @example parseBBox('-2.5,53.5,-2.3,53.7') // { west: -2.5, south: 53.5, east: -2.3, north: 53.7 }
 */
export function parseBBox(text: string): BBox | string {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 4 || parts.some((p) => p === '' || !Number.isFinite(Number(p)))) {
    return `bbox must be four numbers "west,south,east,north", got "${text}"`;
  }
  const [west, south, east, north] = parts.map(Number) as [number, number, number, number];
  if ([west, east].some((x) => x < -180 || x > 180)) return `bbox longitudes must be within -180..180, got "${text}"`;
  if ([south, north].some((y) => y < -90 || y > 90)) return `bbox latitudes must be within -90..90, got "${text}"`;
  if (south > north) return `bbox south (${south}) must not be north of north (${north})`;
  return { west, south, east, north };
}

/** One box, or two when the box crosses the antimeridian. */
export function splitAntimeridian(b: BBox): BBox[] {
  if (b.west <= b.east) return [b];
  return [
    { ...b, east: 180 },
    { ...b, west: -180 },
  ];
}

export function containsPoint(b: BBox, lon: number, lat: number): boolean {
  return (
    lat >= b.south && lat <= b.north && splitAntimeridian(b).some((p) => lon >= p.west && lon <= p.east)
  );
}

export const formatBBox = (b: BBox) => [b.west, b.south, b.east, b.north].join(',');

/**
 * The part of a bbox inside another (e.g. the operating area), or null when they do not meet.
 * A bbox across the antimeridian is taken half by half.
 * @example clip({ west: -180, south: -90, east: 180, north: 90 }, gb) // the same as gb
 */
export function clip(b: BBox, area: BBox): BBox | null {
  const parts = splitAntimeridian(b)
    .map((p) => ({ west: Math.max(p.west, area.west), south: Math.max(p.south, area.south), east: Math.min(p.east, area.east), north: Math.min(p.north, area.north) }))
    .filter((p) => p.west <= p.east && p.south <= p.north);
  if (parts.length === 0) return null;
  return { west: Math.min(...parts.map((p) => p.west)), south: Math.min(...parts.map((p) => p.south)), east: Math.max(...parts.map((p) => p.east)), north: Math.max(...parts.map((p) => p.north)) };
}
