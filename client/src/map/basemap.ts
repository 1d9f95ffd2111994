/**
 * The basemap under Lantern's layers, as the server's configuration asks
 * (`GET /api/map/basemap`):
 * - nothing configured (the default): Lantern's own street basemap
 *   (`GET /api/basemap/style.json`): roads with names, water, green space and buildings
 *   as vector tiles, label glyphs, all from Lantern's origin, so no request leaves the
 *   machine; if it cannot be read, a plain land colour;
 * - `LANTERN_BASEMAP_PMTILES`: a local PMTiles file read with the `pmtiles` protocol,
 *   drawn with a plain style for the Protomaps basemap layers (or as raster tiles);
 * - `LANTERN_MAP_STYLE`: that style URL, as it is.
 */
import { addProtocol, type LayerSpecification, type Map as MaplibreMap, type StyleSpecification } from 'maplibre-gl';
import { LABEL_LAYER_PREFIX } from '../../../server/basemap/style';
import type { Basemap } from './api';
import { LAND } from './palette';
import { getJson } from '../api';

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
  return streetStyle();
}

/** Where Lantern serves its street basemap's style. */
export const STREET_STYLE_URL = '/api/basemap/style.json';

/**
 * Lantern's street style, with its relative tile and glyph URLs made absolute on this
 * origin (MapLibre loads tiles in a worker, where a relative URL would not resolve).
 */
export async function streetStyle(url = STREET_STYLE_URL): Promise<StyleSpecification> {
  const style = await getJson<StyleSpecification>(url);
  const abs = (u: string) => new URL(u, window.location.href).href.replace(/%7B/g, '{').replace(/%7D/g, '}');
  return {
    ...style,
    ...(style.glyphs ? { glyphs: abs(style.glyphs) } : {}),
    sources: Object.fromEntries(
      Object.entries(style.sources).map(([id, src]) => [id, 'tiles' in src && src.tiles ? { ...src, tiles: src.tiles.map(abs) } : src]),
    ),
  };
}

/**
 * Keeps the basemap's labels above every other layer but `over` (small marks that must
 * stay legible: a journey leg's number): Lantern's layers are added on top of the style,
 * so after each change the label layers, then `over`, are moved up again (only when the
 * order is not already so, so this settles at once).
 */
export function keepLabelsOnTop(map: MaplibreMap, over: readonly string[] = []): void {
  const lift = () => {
    const ids = map.getStyle()?.layers.map((l) => l.id) ?? [];
    const labels = ids.filter((id) => id.startsWith(LABEL_LAYER_PREFIX));
    if (!labels.length) return;
    const tops = over.filter((id) => ids.includes(id));
    const wanted = [...labels, ...tops];
    const tail = ids.slice(ids.length - wanted.length);
    if (tail.every((id, i) => id === wanted[i])) return;
    for (const id of wanted) map.moveLayer(id);
  };
  map.on('styledata', lift);
  lift();
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
