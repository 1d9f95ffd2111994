import { useCallback, useMemo, useRef, useState } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Layer, Map, Marker, ScaleControl, Source, type MapRef } from '@vis.gl/react-maplibre';
import { keepLabelsOnTop, OFFLINE_STYLE } from '../map/basemap';
import { useStreetStyle } from './useStreetStyle';
import { WARD_LINE } from '../map/palette';
import { rampFor, reportBreaks } from './scale';
import { placeLabels, type LabelOut } from './labels';
import { shown } from '../../../server/disclosure/secondary';
import type { AreaReport } from './api';

maplibregl.setWorkerUrl(workerUrl);

/** Cells whose count is hidden. */
export const HIDDEN = '#c9ced6';

interface Props {
  report: AreaReport;
  /** Called once the map has drawn everything (the print waits for it). */
  onReady?: () => void;
  /** Called when MapLibre cannot draw (no WebGL, say). */
  onError?: (message: string) => void;
  /** Where to read the street style (the print page's differs: it holds a print ticket, not a session) */
  styleUrl?: string;
}

/** The ward names' face, as reports.css draws `.report-map__ward` (measured to keep each name inside the map). */
const WARD_FONT = '7.5pt "Liberation Sans", "DejaVu Sans", Arial, sans-serif';
/** A ward name's line height, px (7.5pt at 1.35, and its halo). */
const WARD_LINE_PX = 15;

let measurer: CanvasRenderingContext2D | null | undefined;
/** The width of a ward name as drawn, px (an estimate where there is no 2D canvas). */
function wardNameWidth(name: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return name.length * 5.5 + 4;
  measurer.font = WARD_FONT;
  // The halo (text-shadow) reaches 2px either side.
  return Math.ceil(measurer.measureText(name).width) + 4;
}

/** Count of a cell for the map: the number, or −1 where it is hidden ("<5" or "[c]"). */
const mapCount = (c: AreaReport['cells'][number]) => (shown(c.count) ? c.count : -1);

/**
 * The report's map: MapLibre GL over Lantern's own offline basemap, the area's outline,
 * neighbouring wards, the report's cells shaded by count as shown (hidden counts hatched
 * grey), Gi* hot spot cells outlined, and numbered repeat places. It does not move: a
 * map to read, the same in the preview and the PDF.
 */
export function ReportMap({ report, onReady, onError, styleUrl }: Props) {
  const mapRef = useRef<MapRef>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const breaks = useMemo(() => reportBreaks(report.cells.map((c) => c.count)), [report]);
  const data = useMemo(() => {
    const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features }) as FeatureCollection;
    return {
      cells: fc(report.cells.map((c, i) => ({ type: 'Feature', properties: { n: mapCount(c) }, geometry: report.map.cells[i] }))),
      area: fc([{ type: 'Feature', properties: {}, geometry: report.map.area }]),
      wards: fc(report.map.wards.map((w) => ({ type: 'Feature', properties: { name: w.name }, geometry: w.geometry }))),
      hot: fc(report.hotspotAnalysis.cells.filter((c) => c.bin > 0).map((c) => ({ type: 'Feature', properties: { bin: c.bin }, geometry: c.geometry }))),
    };
  }, [report]);

  const style = useStreetStyle(styleUrl);
  const [wardLabels, setWardLabels] = useState<LabelOut[]>([]);
  const onLoad = useCallback(() => {
    const map = mapRef.current?.getMap();
    if (!map) return;
    keepLabelsOnTop(map);
    map.fitBounds(report.map.bounds, { padding: 8, animate: false });
    // Ward names where the map is drawn (again if the page resizes it): inside its edges, central ones first, none over another.
    const placeWardLabels = () => {
      const box = { width: map.getContainer().clientWidth, height: map.getContainer().clientHeight };
      const centre = (l: { x: number; y: number }) => Math.hypot(l.x - box.width / 2, l.y - box.height / 2);
      const labels = report.map.wards
        .map((w) => ({ name: w.name, ...map.project(w.label), width: wardNameWidth(w.name), height: WARD_LINE_PX }))
        .sort((a, b) => centre(a) - centre(b));
      setWardLabels(placeLabels(labels, box));
    };
    placeWardLabels();
    map.on('resize', placeWardLabels);
    map.once('idle', () => {
      // Says on the page what the map drew (the PDF's printer reports it): the street
      // basemap or plain land, and the names of the roads drawn.
      const roadLayers = (map.getStyle()?.layers ?? []).filter((l) => 'source-layer' in l && l['source-layer'] === 'roads').map((l) => l.id);
      const names = roadLayers.length ? [...new Set(map.queryRenderedFeatures({ layers: roadLayers }).map((f) => f.properties?.name as string | undefined).filter((x): x is string => !!x))].sort() : [];
      boxRef.current?.setAttribute('data-basemap', style && style !== OFFLINE_STYLE && roadLayers.length ? 'streets' : 'plain');
      boxRef.current?.setAttribute('data-road-names', names.join('|'));
      onReady?.();
    });
  }, [report, onReady, style]);

  const colours = rampFor(breaks.length);
  const fill: maplibregl.ExpressionSpecification = ['step', ['get', 'n'], HIDDEN, 0, colours[0]!, ...breaks.slice(1).flatMap((b, i) => [b, colours[i + 1]!])] as never;

  if (!style) return <div className="report-map" data-testid="report-map" />;
  return (
    <div className="report-map" data-testid="report-map" ref={boxRef}>
      <Map
        ref={mapRef}
        mapLib={maplibregl}
        mapStyle={style}
        initialViewState={{ bounds: report.map.bounds }}
        style={{ position: 'absolute', inset: 0 }}
        onLoad={onLoad}
        onError={(e) => onError?.(e.error?.message ?? 'the map could not be drawn')}
        interactive={false}
        attributionControl={false}
        canvasContextAttributes={{ preserveDrawingBuffer: true }}
      >
        <ScaleControl position="bottom-right" unit="metric" />
        <Source id="report-wards" type="geojson" data={data.wards}>
          <Layer id="report-wards-line" type="line" paint={{ 'line-color': WARD_LINE, 'line-width': 0.8, 'line-opacity': 0.6 }} />
        </Source>
        <Source id="report-cells" type="geojson" data={data.cells}>
          <Layer id="report-cells-fill" type="fill" paint={{ 'fill-color': fill, 'fill-opacity': 0.7 }} />
          <Layer id="report-cells-line" type="line" paint={{ 'line-color': '#ffffff', 'line-width': 0.4 }} />
        </Source>
        <Source id="report-hot" type="geojson" data={data.hot}>
          <Layer id="report-hot-line" type="line" paint={{ 'line-color': '#111827', 'line-width': ['match', ['get', 'bin'], 3, 2.4, 2, 1.6, 1] }} />
        </Source>
        <Source id="report-area" type="geojson" data={data.area}>
          <Layer id="report-area-line" type="line" paint={{ 'line-color': '#12263f', 'line-width': 2.5 }} />
        </Source>
        {report.map.places.map((p) => (
          <Marker key={p.mark} longitude={p.lonLat[0]} latitude={p.lonLat[1]}>
            <span className="report-map__place">{p.mark}</span>
          </Marker>
        ))}
      </Map>
      <div className="report-map__labels" data-testid="report-ward-labels">
        {wardLabels.map((l) => (
          <span key={l.name} className="report-map__ward" style={{ left: l.left, top: l.top }}>
            {l.name}
          </span>
        ))}
      </div>
    </div>
  );
}
