/** The words of the imports page: its kinds, basemap layers and file formats. */
import type { BasemapFormat, ImportKind, PlaceFormat } from '../../../server/lists';
import type { BasemapLayer } from '../../../server/basemap/schema';

/** Each kind of import as the form offers it. */
export const KIND_LABELS: Record<ImportKind, { label: string; hint: string }> = {
  sightings: { label: 'Sightings', hint: 'CSV or GeoJSON points; the columns are listed below the form, with a template to download' },
  premises: { label: 'Premises register', hint: 'CSV; the columns are listed below the form, with a template to download' },
  vehicles: { label: 'Vehicles register', hint: 'CSV; the columns are listed below the form, with a template to download' },
  areas: { label: 'Areas (boundaries)', hint: 'GeoJSON polygons, e.g. ONS ward boundaries (WD22CD, WD22NM), in EPSG:4326 or 27700' },
  places: { label: 'Gazetteer (place search)', hint: 'CSV as published by OS or ONS; replaces the earlier rows of the same source' },
  basemap: {
    label: 'Street basemap (roads, water, green space, buildings)',
    hint: 'GeoPackage as published (OS Open Roads, OS Open Zoomstack, OS OpenMap Local) or GeoJSON, or an OpenStreetMap extract converted with ogr2ogr; replaces each layer it loads, whole',
  },
  episodes: { label: 'Missing episodes', hint: 'CSV, one row per episode; the columns are listed below the form. A bad row refuses the whole file.' },
};

/** The layers a basemap import can replace, in the order the form offers them. */
export const BASEMAP_LAYER_LABELS: [BasemapLayer | 'all' | '', string][] = [
  ['', 'Default: roads, or every layer of an OpenStreetMap extract'],
  ['roads', 'Roads (street names and classes)'],
  ['water', 'Water'],
  ['green', 'Green space'],
  ['buildings', 'Buildings'],
  ['all', 'Every layer the file has'],
];

/** Basemap file formats in words. */
export const BASEMAP_FORMAT_LABELS: Record<BasemapFormat, string> = {
  gpkg: 'GeoPackage (OS Open Roads, Zoomstack, OpenMap Local)',
  geojson: 'GeoJSON of one layer',
  'osm-gpkg': 'OpenStreetMap extract as GeoPackage',
  'osm-geojson': 'OpenStreetMap extract as GeoJSON',
};

/** Gazetteer file formats in words. */
export const PLACE_FORMAT_LABELS: Record<PlaceFormat, string> = {
  codepoint: 'OS Code-Point Open',
  onspd: 'ONS Postcode Directory (ONSPD)',
  'open-names': 'OS Open Names',
  'open-uprn': 'OS Open UPRN',
};
