/**
 * The map's own layers as typed style constants (sources are named in `SOURCES`),
 * and the few whose paint depends on data or controls, as small functions.
 * Clusters and single sightings are HTML markers (see ClusterMarkers.tsx), so they
 * need no glyphs and are buttons a keyboard can reach.
 */
import type {
  CircleLayerSpecification,
  ExpressionSpecification,
  FillLayerSpecification,
  HeatmapLayerSpecification,
  LineLayerSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl';
import { CHOROPLETH_COLOURS, SUPPRESSED, SUPPRESSED_COLOUR } from './choropleth.js';
import { DRAWN, FLOW_END, FLOW_START, FOUND_AT, HEAT_RAMP, JOURNEY, WARD_LINE } from './palette.js';
import type { HeatSettings } from './urlState.js';

export const SOURCES = {
  areas: 'lantern-areas',
  heat: 'lantern-heat',
  premises: 'lantern-premises',
  drawn: 'lantern-drawn',
  cellOutlines: 'lantern-cell-outlines',
} as const;

export const LAYER = {
  choropleth: 'areas-choropleth',
  outline: 'areas-outline',
  selectedArea: 'areas-selected',
  heat: 'heat',
  premises: 'premises',
  drawnFill: 'drawn-fill',
  drawnLine: 'drawn-line',
  drawnVertices: 'drawn-vertices',
  cellOutlines: 'cell-outlines',
} as const;

type Visible = 'visible' | 'none';
export const visibility = (on: boolean): Visible => (on ? 'visible' : 'none');

export const areasOutline = (on: boolean): LineLayerSpecification => ({
  id: LAYER.outline,
  type: 'line',
  source: SOURCES.areas,
  layout: { visibility: visibility(on), 'line-join': 'round' },
  paint: {
    'line-color': WARD_LINE,
    'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.8, 14, 2],
    'line-opacity': 0.85,
  },
});

/** The ward whose statistics are open, outlined boldly (`id` null: none). */
export const selectedArea = (id: string | null): LineLayerSpecification => ({
  id: LAYER.selectedArea,
  type: 'line',
  source: SOURCES.areas,
  filter: ['==', ['get', 'id'], id ?? ''],
  layout: { 'line-join': 'round' },
  paint: { 'line-color': DRAWN, 'line-width': 3.5 },
});

/**
 * Wards filled by their rate under the filters (`rate` property: per 1,000 residents or
 * per km², SUPPRESSED for a hidden count, 0 left clear); `breaks` from quantileBreaks.
 */
export function choroplethFill(on: boolean, breaks: number[]): FillLayerSpecification {
  const steps: (number | string)[] = [];
  breaks.forEach((b, i) => steps.push(b, CHOROPLETH_COLOURS[i + 1]!));
  // A step expression needs at least one break; with none, every shaded ward is the first class.
  const byRate = (steps.length ? ['step', ['get', 'rate'], CHOROPLETH_COLOURS[0], ...steps] : CHOROPLETH_COLOURS[0]) as ExpressionSpecification;
  return {
    id: LAYER.choropleth,
    type: 'fill',
    source: SOURCES.areas,
    layout: { visibility: visibility(on) },
    paint: {
      'fill-color': ['case', ['==', ['get', 'rate'], SUPPRESSED], SUPPRESSED_COLOUR, byRate],
      'fill-opacity': ['case', ['==', ['get', 'rate'], 0], 0, 0.72],
    },
  };
}

/** The grid square each disclosure-controlled count belongs to (restricted readers' map). */
export const cellOutlines = (on: boolean): LineLayerSpecification => ({
  id: LAYER.cellOutlines,
  type: 'line',
  source: SOURCES.cellOutlines,
  layout: { visibility: visibility(on), 'line-join': 'miter' },
  paint: { 'line-color': '#243447', 'line-width': 1.2, 'line-opacity': 0.7, 'line-dasharray': [3, 2] },
});

/** Density of sightings; `w` is each cell's weight over the largest in view (0…1). */
export function heatLayer(on: boolean, s: HeatSettings): HeatmapLayerSpecification {
  return {
    id: LAYER.heat,
    type: 'heatmap',
    source: SOURCES.heat,
    layout: { visibility: visibility(on) },
    paint: {
      'heatmap-weight': ['get', 'w'],
      'heatmap-radius': s.radius,
      'heatmap-intensity': s.intensity,
      'heatmap-opacity': 0.8,
      'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], ...HEAT_RAMP.flat()] as ExpressionSpecification,
    },
  };
}

/**
 * Premises as lettered squares by category (images added by premisesImages.ts). Icons
 * that would overlap are thinned out by MapLibre's placement, so a zoomed-out town centre
 * shows a scatter of them rather than a solid block; zooming in brings each one back.
 */
export const premisesLayer = (on: boolean): SymbolLayerSpecification => ({
  id: LAYER.premises,
  type: 'symbol',
  source: SOURCES.premises,
  layout: {
    visibility: visibility(on),
    'icon-image': ['concat', 'premises-', ['get', 'category']],
    'icon-size': ['interpolate', ['linear'], ['zoom'], 10, 0.55, 15, 1],
    'icon-allow-overlap': ['step', ['zoom'], false, 17, true],
    'icon-padding': 1,
  },
});

export const drawnFill: FillLayerSpecification = {
  id: LAYER.drawnFill,
  type: 'fill',
  source: SOURCES.drawn,
  filter: ['==', ['geometry-type'], 'Polygon'],
  paint: { 'fill-color': DRAWN, 'fill-opacity': 0.15 },
};

export const drawnLine: LineLayerSpecification = {
  id: LAYER.drawnLine,
  type: 'line',
  source: SOURCES.drawn,
  filter: ['in', ['geometry-type'], ['literal', ['Polygon', 'LineString']]],
  paint: { 'line-color': DRAWN, 'line-width': 2.5, 'line-dasharray': [2, 1] },
};

export const drawnVertices: CircleLayerSpecification = {
  id: LAYER.drawnVertices,
  type: 'circle',
  source: SOURCES.drawn,
  filter: ['==', ['geometry-type'], 'Point'],
  paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-stroke-color': DRAWN, 'circle-stroke-width': 2 },
};

// ---- People (issue 21) -------------------------------------------------------------------

export const PEOPLE_SOURCES = {
  flows: 'lantern-episode-flows',
  found: 'lantern-episode-found',
  journeyLines: 'lantern-journey-lines',
  journeyLegs: 'lantern-journey-legs',
} as const;

export const PEOPLE_LAYER = {
  flows: 'episode-flows',
  flowsSensitive: 'episode-flows-sensitive',
  flowArrows: 'episode-flow-arrows',
  found: 'episode-found',
  journeyLines: 'journey-lines',
  journeyLegs: 'journey-legs',
  journeyNumbers: 'journey-leg-numbers',
} as const;

/** The people layers a click opens something from. */
export const PEOPLE_CLICKABLE: string[] = [PEOPLE_LAYER.flows, PEOPLE_LAYER.flowsSensitive, PEOPLE_LAYER.found, PEOPLE_LAYER.journeyLegs, PEOPLE_LAYER.journeyLines];

/** Drawn over the basemap's street names: a leg's number or a found-at point must never hide under a label's halo. */
export const OVER_LABELS: string[] = [PEOPLE_LAYER.found, PEOPLE_LAYER.journeyLegs, PEOPLE_LAYER.journeyNumbers];

/**
 * Each missing episode as a line coloured from pale (missing from) to dark (found at); the
 * source needs `lineMetrics` for the gradient.
 */
export const episodeFlows = (on: boolean): LineLayerSpecification => ({
  id: PEOPLE_LAYER.flows,
  type: 'line',
  source: PEOPLE_SOURCES.flows,
  filter: ['!=', ['get', 'sensitiveOrigin'], true],
  layout: { visibility: visibility(on), 'line-cap': 'round', 'line-join': 'round' },
  paint: {
    'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2, 16, 5],
    'line-gradient': ['interpolate', ['linear'], ['line-progress'], 0, FLOW_START, 1, FLOW_END],
  },
});

/**
 * Flows from a sensitive site (a children's home, refuge or home address), dashed so an
 * analyst sees at once which lines start at one; a gradient line cannot be dashed, so
 * their direction is the chevrons' alone.
 */
export const episodeFlowsSensitive = (on: boolean): LineLayerSpecification => ({
  id: PEOPLE_LAYER.flowsSensitive,
  type: 'line',
  source: PEOPLE_SOURCES.flows,
  filter: ['==', ['get', 'sensitiveOrigin'], true],
  layout: { visibility: visibility(on), 'line-cap': 'butt', 'line-join': 'round' },
  paint: { 'line-color': FLOW_END, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2, 16, 4], 'line-dasharray': [2, 1.5], 'line-opacity': 0.8 },
});

/** Chevrons along each flow pointing from missing-from to found-at (needs the style's glyphs). */
export const episodeFlowArrows = (on: boolean, font: string): SymbolLayerSpecification => ({
  id: PEOPLE_LAYER.flowArrows,
  type: 'symbol',
  source: PEOPLE_SOURCES.flows,
  layout: {
    visibility: visibility(on),
    'symbol-placement': 'line',
    'symbol-spacing': 70,
    'text-field': '>',
    'text-font': [font],
    'text-size': 16,
    'text-keep-upright': false,
    'text-allow-overlap': true,
    'text-ignore-placement': true,
  },
  paint: { 'text-color': FLOW_END, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
});

/** Where each missing child was found. */
export const episodeFound = (on: boolean): CircleLayerSpecification => ({
  id: PEOPLE_LAYER.found,
  type: 'circle',
  source: PEOPLE_SOURCES.found,
  layout: { visibility: visibility(on) },
  paint: {
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 16, 8],
    'circle-color': FOUND_AT,
    'circle-stroke-color': '#ffffff',
    'circle-stroke-width': 2,
  },
});

/** A journey's legs joined in order. */
export const journeyLines = (on: boolean): LineLayerSpecification => ({
  id: PEOPLE_LAYER.journeyLines,
  type: 'line',
  source: PEOPLE_SOURCES.journeyLines,
  layout: { visibility: visibility(on), 'line-cap': 'round', 'line-join': 'round' },
  paint: { 'line-color': JOURNEY, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2, 16, 4], 'line-opacity': 0.85 },
});

/** Each leg as a circle large enough to carry its number. */
export const journeyLegs = (on: boolean): CircleLayerSpecification => ({
  id: PEOPLE_LAYER.journeyLegs,
  type: 'circle',
  source: PEOPLE_SOURCES.journeyLegs,
  layout: { visibility: visibility(on) },
  paint: { 'circle-radius': 10, 'circle-color': JOURNEY, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
});

/** The leg's number (1, 2, 3…) in its circle, in the basemap's own bold font. */
export const journeyNumbers = (on: boolean, font: string): SymbolLayerSpecification => ({
  id: PEOPLE_LAYER.journeyNumbers,
  type: 'symbol',
  source: PEOPLE_SOURCES.journeyLegs,
  layout: {
    visibility: visibility(on),
    'text-field': ['to-string', ['get', 'seq']],
    'text-font': [font],
    'text-size': 12,
    'text-allow-overlap': true,
    // Placed (above the street names) first, so a name that would cross a number gives way.
    'text-ignore-placement': false,
  },
  paint: { 'text-color': '#ffffff' },
});
