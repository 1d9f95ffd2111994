/**
 * The MapLibre style of Lantern's street basemap (`GET /api/basemap/style.json`). Every
 * URL in it is relative to Lantern's own origin, so the map makes no outside request
 * and the CSP stays `self`-only. Layers, bottom to top: land, water, green space,
 * buildings, roads (casing, then fill, by class), then the labels — the client keeps
 * the labels (ids starting `label-`) above Lantern's own data layers.
 */
import { BASEMAP_MAX_ZOOM, BUILDINGS_MIN_ZOOM, GLYPH_FONTS, ROAD_MIN_ZOOM, type RoadClass } from './schema.js';

/** Prefix of the label layers, which stay on top of everything else. */
export const LABEL_LAYER_PREFIX = 'label-';

const LAND = '#eef0ea';
const HALO = 'rgba(255,255,255,0.92)';

const ROAD_STYLE: Record<RoadClass, { fill: string; casing: string; width: [number, number] }> = {
  motorway: { fill: '#f2b880', casing: '#c98a4a', width: [1.2, 14] },
  primary: { fill: '#f8d9a0', casing: '#c9a566', width: [1, 12] },
  secondary: { fill: '#fbf0b8', casing: '#c8bb80', width: [0.8, 10] },
  minor: { fill: '#ffffff', casing: '#c4c4bc', width: [0.5, 8] },
  service: { fill: '#ffffff', casing: '#cfcfc8', width: [0.3, 4] },
  path: { fill: '#ffffff', casing: '#d7d2c4', width: [0.3, 2] },
};

const width = ([lo, hi]: [number, number], extra = 0) => ['interpolate', ['exponential', 1.6], ['zoom'], 10, lo + extra / 2, 17, hi + extra];

/** The style, with tile and glyph URLs under `base` (e.g. "/api/basemap"). */
export function basemapStyle(base: string) {
  const classes = Object.keys(ROAD_STYLE) as RoadClass[];
  const road = (c: RoadClass, part: 'casing' | 'fill') => ({
    id: `road-${part}-${c}`,
    type: 'line',
    source: 'basemap',
    'source-layer': 'roads',
    minzoom: ROAD_MIN_ZOOM[c],
    filter: ['==', ['get', 'class'], c],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: part === 'casing' ? { 'line-color': ROAD_STYLE[c].casing, 'line-width': width(ROAD_STYLE[c].width, 2) } : { 'line-color': ROAD_STYLE[c].fill, 'line-width': width(ROAD_STYLE[c].width) },
  });
  // Least important first, so main roads draw over side streets.
  const drawOrder = [...classes].reverse();
  return {
    version: 8,
    name: 'Lantern streets',
    glyphs: `${base}/glyphs/{fontstack}/{range}.pbf`,
    sources: {
      basemap: {
        type: 'vector',
        tiles: [`${base}/tiles/{z}/{x}/{y}.mvt`],
        minzoom: 0,
        maxzoom: BASEMAP_MAX_ZOOM,
        attribution: 'Streets: Lantern basemap (demo town: synthetic)',
      },
    },
    layers: [
      { id: 'land', type: 'background', paint: { 'background-color': LAND } },
      { id: 'green', type: 'fill', source: 'basemap', 'source-layer': 'green', paint: { 'fill-color': '#d3e6c4' } },
      { id: 'water', type: 'fill', source: 'basemap', 'source-layer': 'water', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#b9d3e6' } },
      { id: 'water-line', type: 'line', source: 'basemap', 'source-layer': 'water', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#b9d3e6', 'line-width': 2 } },
      { id: 'buildings', type: 'fill', source: 'basemap', 'source-layer': 'buildings', minzoom: BUILDINGS_MIN_ZOOM, paint: { 'fill-color': '#dedad2', 'fill-outline-color': '#cdc8bd' } },
      ...drawOrder.map((c) => road(c, 'casing')),
      ...drawOrder.map((c) => road(c, 'fill')),
      {
        id: `${LABEL_LAYER_PREFIX}water`,
        type: 'symbol',
        source: 'basemap',
        'source-layer': 'water',
        minzoom: 13,
        layout: { 'text-field': ['get', 'name'], 'text-font': [GLYPH_FONTS.regular], 'text-size': 12, 'symbol-placement': 'line', 'text-max-angle': 30 },
        paint: { 'text-color': '#2f5f88', 'text-halo-color': HALO, 'text-halo-width': 1.5 },
      },
      {
        id: `${LABEL_LAYER_PREFIX}green`,
        type: 'symbol',
        source: 'basemap',
        'source-layer': 'green',
        minzoom: 14,
        layout: { 'text-field': ['get', 'name'], 'text-font': [GLYPH_FONTS.regular], 'text-size': 12 },
        paint: { 'text-color': '#3d6b2f', 'text-halo-color': HALO, 'text-halo-width': 1.5 },
      },
      {
        id: `${LABEL_LAYER_PREFIX}roads`,
        type: 'symbol',
        source: 'basemap',
        'source-layer': 'roads',
        minzoom: 13,
        filter: ['has', 'name'],
        layout: {
          'text-field': ['get', 'name'],
          // Main roads' names in bold, the rest in book.
          'text-font': ['match', ['get', 'class'], ['motorway', 'primary'], ['literal', [GLYPH_FONTS.bold]], ['literal', [GLYPH_FONTS.regular]]],
          'text-size': ['interpolate', ['linear'], ['zoom'], 13, 10, 17, 14],
          'symbol-placement': 'line',
          'text-max-angle': 30,
          'text-padding': 2,
        },
        paint: { 'text-color': '#2b2b2b', 'text-halo-color': HALO, 'text-halo-width': 2, 'text-halo-blur': 0.5 },
      },
    ],
  };
}
