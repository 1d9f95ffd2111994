/**
 * The basemap under Lantern's layers, as the server's configuration asks
 * (`GET /api/map/basemap`):
 * - nothing configured (the default): a plain land colour, over which the map draws
 *   ward outlines and names and premises from Lantern's own data; no request leaves
 *   the machine and no glyphs are needed;
 * - `LANTERN_BASEMAP_PMTILES`: a local PMTiles file read with the `pmtiles` protocol,
 *   drawn with a plain style for the Protomaps basemap layers (or as raster tiles);
 * - `LANTERN_MAP_STYLE`: that style URL, as it is.
 */
import { addProtocol, type LayerSpecification, type StyleSpecification } from 'maplibre-gl';
import type { Basemap } from './api';
import { LAND } from './palette';

/** Land only: Lantern's own layers orient the reader. */
export const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  name: 'Lantern offline',
  sources: {},
  layers: [{ id: 'land', type: 'background', paint: { 'background-color': LAND } }],
};

/** The style for a basemap configuration (for PMTiles, after registering the protocol with MapLibre). */
export async function basemapStyle(b: Basemap): Promise<StyleSpecification | string> {
  if (b.style) return b.style;
  if (b.pmtiles) return pmtilesStyle(new URL(b.pmtiles, window.location.href).href);
  return OFFLINE_STYLE;
}

let protocolAdded = false;

async function pmtilesStyle(url: string): Promise<StyleSpecification> {
  // Loaded only when configured, so the default bundle does not carry it.
  const { PMTiles, Protocol, TileType } = await import('pmtiles');
  const protocol = new Protocol();
  if (!protocolAdded) {
    addProtocol('pmtiles', protocol.tile);
    protocolAdded = true;
  }
  const archive = new PMTiles(url);
  protocol.add(archive);
  const header = await archive.getHeader();
  const source = `pmtiles://${url}`;
  if (header.tileType !== TileType.Mvt) {
    return {
      ...OFFLINE_STYLE,
      sources: { basemap: { type: 'raster', url: source, tileSize: 256 } },
      layers: [...OFFLINE_STYLE.layers, { id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.8 } }],
    };
  }
  return { ...OFFLINE_STYLE, sources: { basemap: { type: 'vector', url: source } }, layers: [...OFFLINE_STYLE.layers, ...PROTOMAPS_LAYERS] };
}

const v = (id: string, sourceLayer: string, rest: Record<string, unknown>): LayerSpecification =>
  ({ id, source: 'basemap', 'source-layer': sourceLayer, ...rest }) as LayerSpecification;

/** A quiet style for the Protomaps basemap schema (earth, water, landuse, roads, buildings); no labels. */
const PROTOMAPS_LAYERS: LayerSpecification[] = [
  v('earth', 'earth', { type: 'fill', paint: { 'fill-color': LAND } }),
  v('parks', 'landuse', {
    type: 'fill',
    filter: ['in', ['get', 'kind'], ['literal', ['park', 'grass', 'forest', 'wood', 'nature_reserve', 'recreation_ground', 'cemetery']]],
    paint: { 'fill-color': '#dfe9d4' },
  }),
  v('water', 'water', { type: 'fill', paint: { 'fill-color': '#c6dbe8' } }),
  v('buildings', 'buildings', { type: 'fill', minzoom: 14, paint: { 'fill-color': '#e0ddd5' } }),
  v('minor-roads', 'roads', {
    type: 'line',
    filter: ['in', ['get', 'kind'], ['literal', ['minor_road', 'other']]],
    minzoom: 12,
    paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.5, 16, 4] },
  }),
  v('major-roads', 'roads', {
    type: 'line',
    filter: ['in', ['get', 'kind'], ['literal', ['major_road', 'highway']]],
    paint: { 'line-color': '#f6d9a8', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.8, 16, 7] },
  }),
  v('rail', 'roads', { type: 'line', filter: ['==', ['get', 'kind'], 'rail'], paint: { 'line-color': '#b9b9b9', 'line-width': 1 } }),
];
