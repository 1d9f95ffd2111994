import { useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// As in map/MapView.tsx: MapLibre's worker file ships beside the bundle.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Layer, Map, Marker, NavigationControl, Source } from '@vis.gl/react-maplibre';
import { useBasemapStyle } from '../useBasemapStyle';

maplibregl.setWorkerUrl(workerUrl);

export interface Point {
  lon: number;
  lat: number;
  /** Metres. */
  precisionM?: number | undefined;
}

interface Props {
  point: Point | null;
  /** Where the map opens when there is no point yet, WGS84. */
  centre: { lon: number; lat: number };
  /** Tap (or drag the marker) to place; absent = read only. */
  onPlace?: (p: { lon: number; lat: number }) => void;
  label: string;
  /** Load Lantern's basemap (wards, premises); partners are not offered it and get plain land. */
  withBasemap: boolean;
}

/** A ring of `radiusM` metres round a point (good enough at a town's scale). */
function ring(lon: number, lat: number, radiusM: number, steps = 40) {
  const dLat = radiusM / 111_320;
  const dLon = dLat / Math.cos((lat * Math.PI) / 180);
  const coords = Array.from({ length: steps + 1 }, (_, i) => {
    const a = (2 * Math.PI * i) / steps;
    return [lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)];
  });
  return { type: 'Feature' as const, properties: {}, geometry: { type: 'Polygon' as const, coordinates: [coords] } };
}

/** A small map to place one point (tap or drag) and show how precise it is. No records are drawn. */
export function PlaceMap({ point, centre, onPlace, label, withBasemap }: Props) {
  const style = useBasemapStyle(withBasemap ? 'configured' : 'offline');
  const [ready, setReady] = useState(false);
  const at = point ?? centre;
  return (
    <div className="place-map" role="group" aria-label={label} data-testid="place-map" data-state={ready ? 'ready' : 'loading'}>
      {style && (
        <Map
          key={point ? 'placed' : 'open'}
          initialViewState={{ longitude: at.lon, latitude: at.lat, zoom: point ? 15 : 12 }}
          mapStyle={style}
          style={{ width: '100%', height: '100%' }}
          attributionControl={false}
          onLoad={() => setReady(true)}
          onClick={onPlace ? (e) => onPlace({ lon: e.lngLat.lng, lat: e.lngLat.lat }) : undefined}
          cursor={onPlace ? 'crosshair' : 'grab'}
        >
          <NavigationControl showCompass={false} />
          {point?.precisionM && (
            <Source id="precision" type="geojson" data={ring(point.lon, point.lat, point.precisionM)}>
              <Layer id="precision-fill" type="fill" paint={{ 'fill-color': '#1d70b8', 'fill-opacity': 0.12 }} />
              <Layer id="precision-line" type="line" paint={{ 'line-color': '#1d70b8', 'line-width': 1.5 }} />
            </Source>
          )}
          {point && (
            <Marker
              longitude={point.lon}
              latitude={point.lat}
              color="#d4351c"
              draggable={Boolean(onPlace)}
              onDragEnd={onPlace ? (e) => onPlace({ lon: e.lngLat.lng, lat: e.lngLat.lat }) : undefined}
            />
          )}
        </Map>
      )}
    </div>
  );
}
