/**
 * The hot spot layers' MapLibre style layers: Gi_Bin cells and emerging pattern cells.
 * Pure: no React and no map, so the layers can be checked against the style spec.
 */
import type { ExpressionSpecification, FillLayerSpecification, LineLayerSpecification } from 'maplibre-gl';
import { EMERGING_PATTERNS } from '../../../../server/lists.js';
import { EMERGING_COLOURS, GI_BIN_COLOURS } from './colours.js';

export const HOTSPOT_SOURCES = { hotspots: 'lantern-hotspots', emerging: 'lantern-emerging' } as const;
export const HOTSPOT_LAYER = {
  hotspotFill: 'hotspots-fill',
  emergingFill: 'emerging-fill',
  emergingLine: 'emerging-line',
} as const;

const vis = (on: boolean) => (on ? 'visible' : 'none') as 'visible' | 'none';

const binColour = ['match', ['get', 'bin'], ...[3, 2, 1, -1, -2, -3].flatMap((b) => [b, GI_BIN_COLOURS[b]!]), GI_BIN_COLOURS[0]!] as unknown as ExpressionSpecification;
const patternColour = ['match', ['get', 'pattern'], ...EMERGING_PATTERNS.flatMap((p) => [p, EMERGING_COLOURS[p]]), EMERGING_COLOURS.no_pattern] as unknown as ExpressionSpecification;

/**
 * Significant cells strong; "not significant" transparent unless asked for, when a faint
 * grey (the study area's cells beyond the town would otherwise fill a grey rectangle).
 * Transparent cells still answer clicks. No antialiasing: it draws a seam between every
 * two translucent cells.
 */
export const hotspotFill = (on: boolean, showNotSignificant = false): FillLayerSpecification => ({
  id: HOTSPOT_LAYER.hotspotFill,
  type: 'fill',
  source: HOTSPOT_SOURCES.hotspots,
  layout: { visibility: vis(on) },
  paint: { 'fill-color': binColour, 'fill-opacity': ['case', ['==', ['get', 'bin'], 0], showNotSignificant ? 0.18 : 0, 0.72], 'fill-antialias': false },
});

export const emergingFill = (on: boolean): FillLayerSpecification => ({
  id: HOTSPOT_LAYER.emergingFill,
  type: 'fill',
  source: HOTSPOT_SOURCES.emerging,
  filter: ['!=', ['get', 'pattern'], 'no_pattern'],
  layout: { visibility: vis(on) },
  paint: { 'fill-color': patternColour, 'fill-opacity': 0.75, 'fill-antialias': false },
});

export const emergingLine = (on: boolean): LineLayerSpecification => ({
  id: HOTSPOT_LAYER.emergingLine,
  type: 'line',
  source: HOTSPOT_SOURCES.emerging,
  filter: ['in', ['get', 'pattern'], ['literal', ['new_hot_spot', 'new_cold_spot', 'intensifying_hot_spot', 'intensifying_cold_spot']]],
  layout: { visibility: vis(on) },
  paint: { 'line-color': '#111', 'line-width': 0.8 },
});
