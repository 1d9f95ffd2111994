import { useMemo, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import 'maplibre-gl/dist/maplibre-gl.css';
// As in map/MapView.tsx: MapLibre's worker file ships beside the bundle.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Layer, Map, NavigationControl, ScaleControl, Source } from '@vis.gl/react-maplibre';
import { boundsOf } from '../map/geometry';
import { useBasemapStyle } from '../useBasemapStyle';
import type { AreaGeometry } from './api';

maplibregl.setWorkerUrl(workerUrl);

interface Props {
  target: AreaGeometry;
  ring: AreaGeometry | null;
  control: AreaGeometry | null;
  controlLabel: string | null;
}

/** Colours of the three areas of an evaluation, in the map and its key. */
export const REGION_COLOURS = { target: '#1f5fa8', ring: '#d9822b', control: '#6b7785' } as const;

const collection = (g: AreaGeometry | null): FeatureCollection => ({ type: 'FeatureCollection', features: g ? [{ type: 'Feature', properties: {}, geometry: g }] : [] });

/**
 * The target, its 250–500 m displacement ring and the comparison area, on the
 * configured basemap (plain land by default: nothing leaves the machine).
 */
export function TargetMap({ target, ring, control, controlLabel }: Props) {
  const style = useBasemapStyle('configured');
  const bounds = useMemo(() => boundsOf([target, ...(ring ? [ring] : [])]), [target, ring]);
  const [loaded, setLoaded] = useState(false);

  return (
    <figure className="dis-map">
      <div className="dis-map__canvas" data-testid="disruption-map" data-state={loaded ? 'ready' : 'loading'}>
        {style && bounds && (
          <Map
            mapLib={maplibregl}
            mapStyle={style}
            initialViewState={{ bounds, fitBoundsOptions: { padding: 24 } }}
            style={{ position: 'absolute', inset: 0 }}
            onLoad={() => setLoaded(true)}
            dragRotate={false}
            pitchWithRotate={false}
            touchPitch={false}
            attributionControl={false}
          >
            <NavigationControl position="top-left" showCompass={false} />
            <ScaleControl position="bottom-right" unit="metric" />
            <Source id="dis-control" type="geojson" data={collection(control)}>
              <Layer id="dis-control-fill" type="fill" paint={{ 'fill-color': REGION_COLOURS.control, 'fill-opacity': 0.12 }} />
              <Layer id="dis-control-line" type="line" paint={{ 'line-color': REGION_COLOURS.control, 'line-width': 1, 'line-dasharray': [2, 2] }} />
            </Source>
            <Source id="dis-ring" type="geojson" data={collection(ring)}>
              <Layer id="dis-ring-fill" type="fill" paint={{ 'fill-color': REGION_COLOURS.ring, 'fill-opacity': 0.25 }} />
              <Layer id="dis-ring-line" type="line" paint={{ 'line-color': REGION_COLOURS.ring, 'line-width': 1.5 }} />
            </Source>
            <Source id="dis-target" type="geojson" data={collection(target)}>
              <Layer id="dis-target-fill" type="fill" paint={{ 'fill-color': REGION_COLOURS.target, 'fill-opacity': 0.35 }} />
              <Layer id="dis-target-line" type="line" paint={{ 'line-color': REGION_COLOURS.target, 'line-width': 2 }} />
            </Source>
          </Map>
        )}
      </div>
      <figcaption className="dis-map__key">
        <span><i style={{ background: REGION_COLOURS.target }} /> Target</span>
        {ring && <span><i style={{ background: REGION_COLOURS.ring }} /> Ring, 250–500 m from the target</span>}
        {control && <span><i style={{ background: REGION_COLOURS.control }} /> Comparison: {controlLabel}</span>}
      </figcaption>
    </figure>
  );
}
