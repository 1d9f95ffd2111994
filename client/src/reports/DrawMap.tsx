import { useMemo, useRef } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import { Layer, Map, NavigationControl, Source, type MapRef } from '@vis.gl/react-maplibre';
import { useStreetStyle } from './useStreetStyle';
import { boundsOf, closedRing } from '../map/geometry';
import type { AreaCollection } from '../map/api';
import { DRAWN, WARD_LINE } from '../map/palette';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

maplibregl.setWorkerUrl(workerUrl);

interface Props {
  wards: AreaCollection;
  corners: [number, number][];
  onCorner: (lngLat: [number, number]) => void;
}

/** A small map of the wards on which to draw a report's polygon, corner by corner. */
export function DrawMap({ wards, corners, onCorner }: Props) {
  const mapRef = useRef<MapRef>(null);
  const fit = useMemo(() => boundsOf(wards.features.map((f) => f.geometry)), [wards]);
  const drawn = useMemo((): FeatureCollection => {
    const ring = closedRing(corners);
    const features: Feature[] = corners.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } }));
    if (ring) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } });
    else if (corners.length > 1) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: corners } });
    return { type: 'FeatureCollection', features };
  }, [corners]);
  const style = useStreetStyle();
  if (!style) return <div className="report-page__draw" data-testid="report-draw-map" />;
  return (
    <div className="report-page__draw" data-testid="report-draw-map">
      <Map
        ref={mapRef}
        mapLib={maplibregl}
        mapStyle={style}
        initialViewState={fit ? { bounds: fit, fitBoundsOptions: { padding: 8 } } : { longitude: -2.43, latitude: 53.58, zoom: 10 }}
        style={{ position: 'absolute', inset: 0 }}
        onClick={(e) => onCorner([Number(e.lngLat.lng.toFixed(6)), Number(e.lngLat.lat.toFixed(6))])}
        doubleClickZoom={false}
        dragRotate={false}
        cursor="crosshair"
        attributionControl={false}
      >
        <NavigationControl position="top-left" showCompass={false} />
        <Source id="draw-wards" type="geojson" data={wards as unknown as FeatureCollection}>
          <Layer id="draw-wards-line" type="line" paint={{ 'line-color': WARD_LINE, 'line-width': 0.8 }} />
        </Source>
        <Source id="draw-drawn" type="geojson" data={drawn}>
          <Layer id="draw-drawn-fill" type="fill" filter={['==', ['geometry-type'], 'Polygon']} paint={{ 'fill-color': DRAWN, 'fill-opacity': 0.15 }} />
          <Layer id="draw-drawn-line" type="line" filter={['!=', ['geometry-type'], 'Point']} paint={{ 'line-color': DRAWN, 'line-width': 2 }} />
          <Layer id="draw-drawn-corner" type="circle" filter={['==', ['geometry-type'], 'Point']} paint={{ 'circle-color': DRAWN, 'circle-radius': 4 }} />
        </Source>
      </Map>
    </div>
  );
}
