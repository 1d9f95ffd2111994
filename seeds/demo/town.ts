/**
 * The geography of the synthetic demo town, shaped on Bolton (Greater Manchester).
 * Every coordinate is [lon, lat] in EPSG:4326 and only approximate: the outline and
 * ward centres are hand-drawn to look like Bolton at map scale, not surveyed.
 * Ward names are real (public geography); every premises, street, plate and person
 * in the demo is invented.
 */
import type { PremisesCategory } from '../../server/lists.js';

export type LonLat = readonly [number, number];

/** Roughly Victoria Square, Bolton town centre. */
export const TOWN_CENTRE: LonLat = [-2.4295, 53.5779];

/**
 * The approximate borough outline, a closed ring (first = last), counter-clockwise,
 * about 18 km east–west (Blackrod to Little Lever) and 14 km north–south.
 */
export const OUTLINE: readonly LonLat[] = [
  [-2.455, 53.646], // Smithills Moor
  [-2.505, 53.641],
  [-2.552, 53.634], // above Horwich
  [-2.588, 53.619],
  [-2.611, 53.597], // Blackrod
  [-2.601, 53.571],
  [-2.568, 53.547],
  [-2.546, 53.526],
  [-2.505, 53.519], // south of Westhoughton
  [-2.468, 53.529], // Over Hulton
  [-2.432, 53.531],
  [-2.397, 53.522], // Farnworth
  [-2.366, 53.524], // Kearsley
  [-2.349, 53.539],
  [-2.339, 53.559], // Little Lever
  [-2.344, 53.581], // Breightmet
  [-2.351, 53.604],
  [-2.369, 53.631], // Bradshaw, Harwood
  [-2.396, 53.650], // Turton edge
  [-2.425, 53.652],
  [-2.455, 53.646],
];

export interface WardCentre {
  name: string;
  /** Postcode district its fictional addresses use. */
  district: string;
  centre: LonLat;
}

/** Approximate centres of Bolton's 20 wards; the ward polygons are their Voronoi cells. */
export const WARD_CENTRES: readonly WardCentre[] = [
  { name: 'Astley Bridge', district: 'BL1', centre: [-2.437, 53.606] },
  { name: 'Bradshaw', district: 'BL2', centre: [-2.392, 53.612] },
  { name: 'Breightmet', district: 'BL2', centre: [-2.378, 53.584] },
  { name: 'Bromley Cross', district: 'BL7', centre: [-2.414, 53.629] },
  { name: 'Crompton', district: 'BL2', centre: [-2.418, 53.591] },
  { name: 'Farnworth North', district: 'BL4', centre: [-2.404, 53.556] },
  { name: 'Farnworth South', district: 'BL4', centre: [-2.397, 53.538] },
  { name: 'Great Lever', district: 'BL3', centre: [-2.427, 53.563] },
  { name: 'Halliwell', district: 'BL1', centre: [-2.449, 53.592] },
  { name: 'Heaton Lostock and Chew Moor', district: 'BL1', centre: [-2.492, 53.586] },
  { name: 'Horwich North', district: 'BL6', centre: [-2.548, 53.612] },
  { name: 'Horwich South and Blackrod', district: 'BL6', centre: [-2.575, 53.588] },
  { name: 'Hulton', district: 'BL3', centre: [-2.470, 53.559] },
  { name: 'Kearsley', district: 'BL4', centre: [-2.370, 53.537] },
  { name: 'Little Lever and Darcy Lever', district: 'BL3', centre: [-2.369, 53.562] },
  { name: 'Queens Park and Central', district: 'BL1', centre: [-2.435, 53.579] },
  { name: 'Rumworth', district: 'BL3', centre: [-2.452, 53.571] },
  { name: 'Smithills', district: 'BL1', centre: [-2.474, 53.612] },
  { name: 'Tonge with the Haulgh', district: 'BL2', centre: [-2.407, 53.576] },
  { name: 'Westhoughton North and Hunger Hill', district: 'BL5', centre: [-2.522, 53.562] },
  { name: 'Westhoughton South', district: 'BL5', centre: [-2.527, 53.538] },
];

/**
 * Where people are: the town centre and the district centres around it, with the
 * spread (metres, one standard deviation) and share of the built-up background.
 */
export const SETTLEMENTS: readonly { name: string; centre: LonLat; sdM: number; weight: number }[] = [
  { name: 'Bolton town centre', centre: TOWN_CENTRE, sdM: 1100, weight: 34 },
  { name: 'Farnworth', centre: [-2.4, 53.549], sdM: 650, weight: 12 },
  { name: 'Kearsley', centre: [-2.376, 53.538], sdM: 450, weight: 5 },
  { name: 'Little Lever', centre: [-2.37, 53.562], sdM: 450, weight: 5 },
  { name: 'Breightmet', centre: [-2.388, 53.583], sdM: 550, weight: 7 },
  { name: 'Astley Bridge', centre: [-2.438, 53.601], sdM: 550, weight: 7 },
  { name: 'Deane and Daubhill', centre: [-2.452, 53.569], sdM: 550, weight: 8 },
  { name: 'Horwich', centre: [-2.545, 53.599], sdM: 600, weight: 8 },
  { name: 'Blackrod', centre: [-2.584, 53.592], sdM: 350, weight: 3 },
  { name: 'Westhoughton', centre: [-2.523, 53.549], sdM: 600, weight: 8 },
  { name: 'Bromley Cross', centre: [-2.412, 53.621], sdM: 450, weight: 3 },
];

/** A premises the demo's story needs at a fixed place (the rest are generated). */
export interface FixedPremises {
  key: string;
  name: string;
  category: PremisesCategory;
  street: string;
  number: number;
  at: LonLat;
  licenceStatus: 'active' | 'pending' | 'suspended' | 'revoked' | 'expired' | 'none';
}

export const FIXED_PREMISES: readonly FixedPremises[] = [
  { key: 'takeaway', name: 'Golden Fork Takeaway (synthetic)', category: 'takeaway', street: 'Fictional Street', number: 12, at: [-2.4312, 53.5771], licenceStatus: 'suspended' },
  { key: 'hotel', name: 'Station View Hotel (synthetic)', category: 'hotel', street: 'Example Road', number: 3, at: [-2.4262, 53.5748], licenceStatus: 'active' },
  { key: 'rank', name: 'Placeholder Lane taxi rank (synthetic)', category: 'taxi_rank', street: 'Placeholder Lane', number: 1, at: [-2.4289, 53.5791], licenceStatus: 'none' },
  { key: 'operator', name: 'Swift Lantern Cars (synthetic)', category: 'private_hire_operator', street: 'Specimen Avenue', number: 40, at: [-2.4198, 53.5762], licenceStatus: 'active' },
  { key: 'park', name: 'Lantern Fields Park (synthetic)', category: 'park', street: 'Invented Lane', number: 1, at: [-2.4046, 53.5468], licenceStatus: 'none' },
  { key: 'lounge', name: 'Night Owl Lounge (synthetic)', category: 'licensed_premises', street: 'Notional Street', number: 88, at: [-2.4905, 53.5352], licenceStatus: 'active' },
];

/** The time-of-day and day-of-week shape a group of sightings follows (see patterns.ts). */
export type ProfileName = 'nightEconomy' | 'lateParty' | 'evening' | 'general' | 'schoolDay';

/**
 * A place where sightings concentrate. Scatter is a normal distribution around the
 * centre (or along the street, for a street) with `sdM` metres standard deviation.
 */
export interface HotSpot {
  key: string;
  /** Name for the `hotspot` area drawn round it; emerging ones get none (they are to be found). */
  areaName?: string;
  premisesKey?: string;
  /** A street: sightings spread along the segment rather than round a point. */
  street?: readonly [LonLat, LonLat];
  centre: LonLat;
  sdM: number;
  /** Share of all sightings. */
  share: number;
  profile: ProfileName;
  /** Summer-over-winter swing, 0 = none, 0.3 = ±30 % about the mean. */
  seasonality: number;
  /** Only active in the last this-many London days, ramping up (the emerging hot spot); under 7, so within the final week. */
  emergingDays?: number;
  /** Chance a sighting here is linked to the premises at its heart. */
  premisesLink: number;
}

const streetHotSpot: readonly [LonLat, LonLat] = [
  [-2.4502, 53.5672],
  [-2.4452, 53.5689],
];

export const HOT_SPOTS: readonly HotSpot[] = [
  { key: 'takeaway', areaName: 'Fictional Street night-time economy (synthetic hot spot)', premisesKey: 'takeaway', centre: [-2.4312, 53.5771], sdM: 90, share: 0.1, profile: 'nightEconomy', seasonality: 0.3, premisesLink: 0.45 },
  { key: 'hotel', areaName: 'Station View Hotel surroundings (synthetic hot spot)', premisesKey: 'hotel', centre: [-2.4262, 53.5748], sdM: 70, share: 0.07, profile: 'lateParty', seasonality: 0.2, premisesLink: 0.5 },
  { key: 'rank', areaName: 'Placeholder Lane taxi rank (synthetic hot spot)', premisesKey: 'rank', centre: [-2.4289, 53.5791], sdM: 60, share: 0.07, profile: 'nightEconomy', seasonality: 0.25, premisesLink: 0.4 },
  { key: 'park', areaName: 'Lantern Fields Park (synthetic hot spot)', premisesKey: 'park', centre: [-2.4046, 53.5468], sdM: 150, share: 0.05, profile: 'evening', seasonality: 0.7, premisesLink: 0.3 },
  { key: 'street', areaName: 'Sample Terrace (synthetic hot spot)', street: streetHotSpot, centre: [-2.4477, 53.5681], sdM: 35, share: 0.05, profile: 'lateParty', seasonality: 0.15, premisesLink: 0 },
  // The emerging hot spot: a bar that drew its first sightings in the last week, so that an
  // emerging hot spot analysis of weeks (or months) finds it hot in the final step only: new.
  { key: 'lounge', premisesKey: 'lounge', centre: [-2.4905, 53.5352], sdM: 80, share: 0.004, profile: 'nightEconomy', seasonality: 0, emergingDays: 6, premisesLink: 0.4 },
];

/** A police patrol zone over the town-centre night-time economy (metres round the centre). */
export const PATROL_ZONE = { name: 'Town centre night patrol (synthetic)', centre: TOWN_CENTRE, radiusM: 650 } as const;

/** Invented street names: plainly not real addresses. */
export const STREETS: readonly string[] = [
  'Fictional Street', 'Example Road', 'Placeholder Lane', 'Specimen Avenue', 'Invented Lane',
  'Notional Street', 'Sample Terrace', 'Mock Street', 'Demo Way', 'Pretend Close',
  'Imaginary Road', 'Synthetic Row', 'Made-Up Grove', 'Dummy Drive', 'Hypothetical Avenue',
  'Stand-In Street', 'Makebelieve Mews', 'Proxy Place', 'Surrogate Road', 'Nominal Crescent',
  'Fabricated Walk', 'Simulated Square', 'Conjecture Close', 'Figment Lane',
];

/** Metres per degree of latitude, and of longitude at the town's latitude. */
export const M_PER_DEG_LAT = 111_320;
export const M_PER_DEG_LON = 111_320 * Math.cos((TOWN_CENTRE[1] * Math.PI) / 180);
