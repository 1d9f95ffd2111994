/**
 * Word lists for invented premises names. Every generated name ends in
 * "(synthetic)", so that no demo premises can be mistaken for a real business.
 */
import type { PremisesCategory } from '../../server/lists.js';
import type { Random } from './random.js';

const FIRST = [
  'Amber', 'Copperleaf', 'Lantern', 'Velvet', 'Juniper', 'Marigold', 'Saffron', 'Cobalt',
  'Thistle', 'Willowmere', 'Quillon', 'Emberly', 'Mapleton', 'Harbourne', 'Meadowsweet', 'Bluefinch',
  'Larkspur', 'Tamarind', 'Hazelbrook', 'Goldcrest', 'Wrenfield', 'Oakhollow', 'Brambling', 'Pemberly',
  'Fernleigh', 'Starling', 'Ashcombe', 'Kestrel', 'Moonrise', 'Primrose',
];

const KIND_WORDS: Record<PremisesCategory, readonly string[]> = {
  takeaway: ['Takeaway', 'Pizza', 'Grill', 'Chippy', 'Kebab House', 'Noodle Bar', 'Chicken', 'Fish Bar'],
  hotel: ['Lodge', 'House Hotel', 'Inn', 'Guest House', 'Court Hotel'],
  licensed_premises: ['Arms', 'Tavern', 'Bar', 'Lounge', 'Social Club', 'Wine Bar'],
  taxi_rank: ['taxi rank'],
  private_hire_operator: ['Cars', 'Private Hire', 'Taxis', 'Executive Travel'],
  shop: ['Convenience Store', 'Off Licence', 'Vape Shop', 'Mini Mart', 'Phone Repairs', 'News'],
  park: ['Park', 'Recreation Ground', 'Playing Fields', 'Gardens'],
  children_home: ["Children's Home"],
  school: ['Academy', 'High School', 'Primary School'],
  refuge: ['House'],
  other: ['Community Centre', 'Snooker Hall', 'Car Wash', 'Amusement Arcade', 'Gym', 'Barbers', 'Shisha Lounge'],
};

/**
 * An invented name for a premises of a category; taxi ranks are named for their street.
 * @example premisesName(rng, 'takeaway', 'Mock Street') // 'Saffron Grill (synthetic)'
 */
export function premisesName(rng: Random, category: PremisesCategory, street: string): string {
  const kind = rng.pick(KIND_WORDS[category]);
  if (category === 'taxi_rank') return `${street} ${kind} (synthetic)`;
  if (category === 'licensed_premises' && kind === 'Arms') return `The ${rng.pick(FIRST)} Arms (synthetic)`;
  return `${rng.pick(FIRST)} ${kind} (synthetic)`;
}

/** Vehicles: common makes and colours; only the plates need to be impossible. */
export const MAKES = ['Toyota', 'Skoda', 'Kia', 'Hyundai', 'Ford', 'Volkswagen', 'Vauxhall', 'Peugeot', 'Mercedes-Benz', 'BMW', 'Nissan', 'Dacia'] as const;
export const MAKE_WEIGHTS = [30, 22, 10, 10, 8, 8, 6, 5, 4, 3, 3, 2] as const;
export const COLOURS = ['Silver', 'Black', 'White', 'Grey', 'Blue', 'Red', 'Green'] as const;
export const COLOUR_WEIGHTS = [30, 25, 15, 18, 7, 4, 1] as const;
