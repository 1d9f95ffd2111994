/**
 * Colours of the map, one per category, chosen to be told apart by most readers
 * (Tableau 10 for sightings; a darker set for premises, drawn as lettered squares).
 */
import type { PremisesCategory, SightingCategory } from '../../../server/lists.js';

export const CATEGORY_COLOURS: Record<SightingCategory, string> = {
  adult_loitering: '#4e79a7',
  young_person_collected: '#f28e2b',
  young_person_with_older_adults: '#e15759',
  vehicle_of_interest: '#76b7b2',
  party_address: '#59a14f',
  missing_from_home_found: '#edc948',
  truanting_at_address: '#b07aa1',
  goods_unknown_source: '#ff9da7',
  online_contact: '#9c755f',
  other: '#bab0ac',
};

export const PREMISES_COLOURS: Record<PremisesCategory, string> = {
  takeaway: '#8c2d04',
  hotel: '#3f007d',
  licensed_premises: '#7a0177',
  taxi_rank: '#00441b',
  private_hire_operator: '#006d2c',
  shop: '#08306b',
  park: '#4d7c0f',
  children_home: '#525252',
  school: '#1d4ed8',
  refuge: '#525252',
  other: '#404040',
};

/** The letter on each premises square. */
export const PREMISES_LETTERS: Record<PremisesCategory, string> = {
  takeaway: 'T',
  hotel: 'H',
  licensed_premises: 'L',
  taxi_rank: 'R',
  private_hire_operator: 'P',
  shop: 'S',
  park: 'K',
  children_home: 'C',
  school: 'E',
  refuge: 'F',
  other: 'O',
};

/** Heatmap colour ramp by density 0…1 (transparent where there is nothing). */
export const HEAT_RAMP: [number, string][] = [
  [0, 'rgba(33,102,172,0)'],
  [0.2, 'rgba(103,169,207,0.55)'],
  [0.4, 'rgb(166,206,227)'],
  [0.6, 'rgb(253,219,120)'],
  [0.8, 'rgb(239,138,98)'],
  [1, 'rgb(178,24,43)'],
];

/** The land where no basemap is configured, and ward outlines over it. */
export const LAND = '#eef0ea';
export const WARD_LINE = '#5a6878';
/** A polygon being drawn or drawn for statistics. */
export const DRAWN = '#1f5fa8';

/**
 * Missing episodes: a flow fades in from where the child went missing to a dark end
 * where they were found (the found-at point sits on that end).
 */
export const FLOW_START = 'rgba(13,148,136,0.25)';
export const FLOW_END = '#134e4a';
export const FOUND_AT = '#0f766e';
/** Journeys: one colour, the legs numbered in order. */
export const JOURNEY = '#7c2d92';
