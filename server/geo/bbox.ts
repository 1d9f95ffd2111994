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
