import { useEffect, useMemo, useState } from 'react';
import { useBasemapStyle } from '../useBasemapStyle';
import * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import 'maplibre-gl/dist/maplibre-gl.css';
// As in map/MapView.tsx: MapLibre's worker file ships beside the bundle.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Layer, Map, Marker, ScaleControl, Source } from '@vis.gl/react-maplibre';

maplibregl.setWorkerUrl(workerUrl);

interface Props {
  /** The premises (or nothing, for a vehicle), WGS84. */
  centre: { lon: number; lat: number } | null;
  /** Radius drawn round the centre, metres. */
  radiusM?: number;
  /** Sightings the caller may read, WGS84 [lon, lat]. */
  points: [number, number][];
  /** A vehicle's track: legs of sightings close in time, each in time order. */
  track?: [number, number][][];
  /** The longest gap a leg joins, hours (for the key). */
  trackGapHours?: number;
  /** Number the points 1, 2, 3… in the order given (time order). */
  numbered?: boolean;
  label: string;
  /**
   * Where to read the street style instead of the signed-in basemap configuration: the
   * PDF's print page holds a print ticket, not a session.
   */
  styleUrl?: string;
  /** Called once the map has drawn and its still for print is taken (the PDF waits for it). */
  onReady?: () => void;
}

/** A ring of `radiusM` metres round a point (good enough at a town's scale), as a GeoJSON polygon feature. */
function circle(lon: number, lat: number, radiusM: number, steps = 48) {
  const dLat = radiusM / 111_320;
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  const ring = Array.from({ length: steps + 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / steps;
    return [lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)] as [number, number];
  });
  return { type: 'Feature' as const, properties: {}, geometry: { type: 'Polygon' as const, coordinates: [ring] } };
}

const fc = (features: FeatureCollection['features']): FeatureCollection => ({ type: 'FeatureCollection', features });

/**
 * The still for print: the map's canvas, with the points' numbers drawn on it as the
 * page's markers show them (HTML markers are not in the canvas, and the canvas itself is
 * hidden in print).
 */
function stillOf(map: maplibregl.Map, numbered: [number, number][]): string {
  const src = map.getCanvas();
  if (!numbered.length) return src.toDataURL('image/png');
  const out = document.createElement('canvas');
  out.width = src.width;
  out.height = src.height;
  const ctx = out.getContext('2d');
  if (!ctx) return src.toDataURL('image/png');
  ctx.drawImage(src, 0, 0);
  // Canvas pixels per CSS pixel; badges as .lic-map__number draws them (0.7rem bold, 1.1rem high).
  const k = src.width / (src.clientWidth || src.width);
  const h = 17.6 * k;
  ctx.font = `600 ${11.2 * k}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  numbered.forEach((c, i) => {
    const p = map.project(c);
    const text = String(i + 1);
    const w = Math.max(h, ctx.measureText(text).width + 6.4 * k);
    // Anchored bottom-left on the point, as the marker is.
    const [x, y] = [p.x * k, p.y * k - h];
    ctx.beginPath();
    ctx.roundRect(x, y, w, h, h / 2);
    ctx.fillStyle = '#7a3fb0';
    ctx.fill();
    ctx.lineWidth = k;
    ctx.strokeStyle = '#fff';
    ctx.stroke();
    ctx.fillStyle = '#fff';
    ctx.fillText(text, x + w / 2, y + h / 2);
  });
  return out.toDataURL('image/png');
}

/** A small fixed map of a profile: the place and its radius, the readable sightings, a vehicle's track. */
export function ProfileMap({ centre, radiusM, points, track, trackGapHours, numbered, label, styleUrl, onReady }: Props) {
  const style = useBasemapStyle(styleUrl ? { styleUrl } : 'configured');
  const [loaded, setLoaded] = useState(false);
  // A still of the drawn map for print: a WebGL canvas does not redraw at the printed page's width.
  const [still, setStill] = useState<string | null>(null);
  useEffect(() => {
    if (still) onReady?.();
  }, [still, onReady]);

  const ring = useMemo(() => (centre && radiusM ? circle(centre.lon, centre.lat, radiusM) : null), [centre, radiusM]);
  const bounds = useMemo((): [number, number, number, number] | null => {
    const all: [number, number][] = [...points, ...(track ?? []).flat(), ...(ring ? (ring.geometry.coordinates[0] as [number, number][]) : []), ...(centre ? [[centre.lon, centre.lat] as [number, number]] : [])];
    if (!all.length) return null;
    const xs = all.map((p) => p[0]);
    const ys = all.map((p) => p[1]);
    const pad = 0.002;
    return [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad];
  }, [points, track, ring, centre]);

  const nothingToMap = !bounds;
  useEffect(() => {
    if (nothingToMap) onReady?.();
  }, [nothingToMap, onReady]);

  if (!bounds) return <p className="lic-hint">No location to map.</p>;
  return (
    <figure className="lic-map">
      <div className="lic-map__canvas" data-testid="profile-map" data-state={loaded ? 'ready' : 'loading'} role="img" aria-label={label}>
        {style && (
          <Map
            mapLib={maplibregl}
            mapStyle={style}
            initialViewState={{ bounds, fitBoundsOptions: { padding: 20, maxZoom: 17 } }}
            style={{ position: 'absolute', inset: 0 }}
            onLoad={() => setLoaded(true)}
            onIdle={(e) => setStill(stillOf(e.target, numbered ? points : []))}
            dragRotate={false}
            touchPitch={false}
            attributionControl={false}
            // Keep the canvas's pixels after each frame, so the still for print can be read from it.
            canvasContextAttributes={{ preserveDrawingBuffer: true }}
          >
            <ScaleControl position="bottom-right" unit="metric" />
            {ring && (
              <Source id="lic-ring" type="geojson" data={fc([ring])}>
                <Layer id="lic-ring-fill" type="fill" paint={{ 'fill-color': '#1f5fa8', 'fill-opacity': 0.1 }} />
                <Layer id="lic-ring-line" type="line" paint={{ 'line-color': '#1f5fa8', 'line-width': 1.5, 'line-dasharray': [2, 1] }} />
              </Source>
            )}
            {track && track.length > 0 && (
              <Source id="lic-track" type="geojson" data={fc([{ type: 'Feature', properties: {}, geometry: { type: 'MultiLineString', coordinates: track } }])}>
                <Layer id="lic-track-line" type="line" paint={{ 'line-color': '#7a3fb0', 'line-width': 2 }} />
              </Source>
            )}
            <Source id="lic-points" type="geojson" data={fc(points.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } })))}>
              <Layer id="lic-points-circle" type="circle" paint={{ 'circle-radius': 4, 'circle-color': '#d9822b', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 }} />
            </Source>
            {numbered &&
              points.map((c, i) => (
                <Marker key={i} longitude={c[0]} latitude={c[1]} anchor="bottom-left">
                  <span className="lic-map__number" data-testid="track-number">{i + 1}</span>
                </Marker>
              ))}
            {centre && (
              <Source id="lic-centre" type="geojson" data={fc([{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [centre.lon, centre.lat] } }])}>
                <Layer id="lic-centre-circle" type="circle" paint={{ 'circle-radius': 7, 'circle-color': '#1f5fa8', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 }} />
              </Source>
            )}
          </Map>
        )}
      </div>
      {still && <img className="lic-map__still" src={still} alt={label} />}
      <figcaption className="lic-map__key">
        {centre && <span><i style={{ background: '#1f5fa8' }} /> The premises{radiusM ? `, and ${radiusM} m round it` : ''}</span>}
        <span><i style={{ background: '#d9822b' }} /> Sightings you may read ({points.length})</span>
        {numbered && points.length > 0 && <span>Numbered in time order</span>}
        {track && track.length > 0 && <span><i style={{ background: '#7a3fb0' }} /> Joined where within {trackGapHours ?? 0} hours of each other</span>}
      </figcaption>
    </figure>
  );
}
