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
import { DRAWN, HEAT_RAMP, WARD_LINE } from './palette.js';
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
