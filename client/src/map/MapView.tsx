import { useCallback, useEffect, useMemo, useRef, useState, type ComponentProps } from 'react';
import * as maplibregl from 'maplibre-gl';
import type { StyleSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import 'maplibre-gl/dist/maplibre-gl.css';
// MapLibre's ES module build starts its worker from a file beside itself; Vite ships
// that file as an asset and this is its URL (same origin, so the CSP allows it).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import {
  Layer,
  Map,
  Marker,
  NavigationControl,
  ScaleControl,
  Source,
  type MapLayerMouseEvent,
  type MapRef,
} from '@vis.gl/react-maplibre';
import type { AreaCollection, AreaGeometry, BBox, Choropleth, ClusterCollection, ClusterProps, HeatCollection, PremisesCollection } from './api';
import { choroplethClasses, rateOf } from './choropleth';
import type { HeatDrawing } from './heat';
import { ClusterMarkers } from './ClusterMarkers';
import { closedRing } from './geometry';
import { LAYER, OVER_LABELS, PEOPLE_CLICKABLE, SOURCES, areasOutline, cellOutlines, choroplethFill, drawnFill, drawnLine, drawnVertices, heatLayer, premisesLayer, selectedArea } from './layers';
import { addPremisesImages } from './premisesImages';
import type { HeatSettings, LayerId, MapPosition } from './urlState';
import { WardLabels } from './WardLabels';
import { HotspotLayers } from './hotspots/HotspotLayers';
import { PeopleLayers } from './PeopleLayers';
import { keepLabelsOnTop } from './basemap';

maplibregl.setWorkerUrl(workerUrl);

/** What the map shows, as bbox (for the API) and position (for the URL). */
export interface MapViewport {
  bbox: BBox;
  zoom: number;
  position: MapPosition;
}

interface Props {
  mapStyle: StyleSpecification | string;
  /** From the link; null to fit `fitTo` instead. Later changes (back button) move the map. */
  position: MapPosition | null;
  /** Where to look when the link gives no position; undefined while still unknown. */
  fitTo: BBox | null | undefined;
  layers: readonly LayerId[];
  heatSettings: HeatSettings;
  /** The heat layer's radius and calibration (heat.ts), worked out once by the page for the map and its legend. */
  heatDrawing: HeatDrawing;
  areas: AreaCollection | null;
  areaCounts: Choropleth | null;
  heat: HeatCollection | null;
  clusters: ClusterCollection | null;
  premises: PremisesCollection | null;
  /** Corners of a polygon being drawn, or the finished one. */
  drawing: [number, number][] | null;
  drawn: AreaGeometry | null;
  selectedSightingId: string | null;
  /** The ward whose statistics are open. */
  selectedAreaId: string | null;
  /** Requests for the map's data are under way. */
  busy: boolean;
  onView: (v: MapViewport) => void;
  onOpenRecord?: ((id: string) => void) | undefined;
  onOpenPremises: (id: string) => void;
  onDrawCorner: (lngLat: [number, number]) => void;
  onFinishDrawing: () => void;
  /** Placing or moving one sighting's point: clicks place it, and its marker can be dragged. */
  pointEdit?: { at: [number, number] | null; onPlace: (lngLat: [number, number]) => void } | null;
  /** The hot spot layers' data and events (see hotspots/HotspotLayers.tsx). */
  hotspots?: Omit<ComponentProps<typeof HotspotLayers>, 'showHotspots' | 'showEmerging' | 'clicksTaken'>;
  /** A cluster clicked (it also zooms in, but not at the last zoom): to offer "List these sightings". */
  onPickCluster?: ((p: ClusterProps, lastZoom: boolean) => void) | undefined;
  /** A listed sighting pointed at in the table: ringed on the map. */
  highlight?: [number, number] | null;
  /** Missing episodes and journeys (PeopleLayers.tsx), for subject readers only; absent for everyone else. */
  people?: Omit<ComponentProps<typeof PeopleLayers>, 'showEpisodes' | 'showJourneys' | 'clicksTaken'> | undefined;
}

/** The closest the map zooms in. */
const MAX_ZOOM = 19;

/** A performance mark set each time a cluster result has been drawn. */
export const DRAWN_MARK = 'lantern:clusters-drawn';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
/** Great Britain, for the moment before the data says where to look. */
const GB = { longitude: -2.5, latitude: 54.2, zoom: 5 };

/**
 * The map: a MapLibre GL map with Lantern's layers (areas and choropleth, heat,
 * premises, a drawn polygon) and the sightings as HTML markers. It owns no data:
 * everything comes in as props, and view changes go out through `onView`.
 *
 * The container says when the map has drawn the latest sightings: `data-state` is
 * "ready" then, and `data-rendered` counts the cluster results drawn so far.
 */
export function MapView(props: Props) {
  const { position, fitTo, layers, clusters, onView } = props;
  const mapRef = useRef<MapRef | null>(null);
  // The map exists (its camera can be read) well before its style has loaded (`loaded`).
  const [created, setCreated] = useState(false);
  const takeMap = useCallback((ref: MapRef | null) => {
    mapRef.current = ref;
    setCreated(ref !== null);
  }, []);
  const [loaded, setLoaded] = useState(false);
  /** The link gave a position: show it rather than fit the areas. */
  const startsAtLink = useRef(position !== null);
  /** The first view has gone out through onView. */
  const announced = useRef(false);
  const [rendered, setRendered] = useState<{ seq: number; of: ClusterCollection | null }>({ seq: 0, of: null });

  const emitView = useCallback(() => {
    const map = mapRef.current;
    if (!map) return;
    const b = map.getBounds();
    const c = map.getCenter();
    const round = (n: number) => Math.round(n * 1e5) / 1e5;
    onView({
      bbox: [round(Math.max(-180, b.getWest())), round(Math.max(-85, b.getSouth())), round(Math.min(180, b.getEast())), round(Math.min(85, b.getNorth()))],
      zoom: Math.round(map.getZoom() * 100) / 100,
      position: { zoom: map.getZoom(), lat: c.lat, lon: c.lng },
    });
  }, [onView]);

  const onLoad = useCallback(() => {
    const map = mapRef.current?.getMap();
    if (!map) return;
    addPremisesImages(map);
    keepLabelsOnTop(map, OVER_LABELS);
    // Browser tests (navigator.webdriver) read what the map drew through queryRenderedFeatures.
    if (navigator.webdriver) (window as { lanternMap?: maplibregl.Map }).lanternMap = map;
    setLoaded(true);
  }, []);

  // Say what is in view as soon as the map exists, not once its style has loaded: the
  // view's data is then asked for while the basemap loads. With no position in the link,
  // first fit the areas once they are known (or stay put when there are none).
  useEffect(() => {
    const map = mapRef.current;
    if (!created || !map || announced.current) return;
    if (!startsAtLink.current) {
      if (fitTo === undefined) return;
      if (fitTo) map.fitBounds(fitTo, { padding: 24, animate: false });
    }
    announced.current = true;
    emitView();
  }, [created, fitTo, emitView]);

  // A position that did not come from the map itself (back/forward through history): go there.
  useEffect(() => {
    const map = mapRef.current;
    if (!loaded || !map || !position) return;
    const c = map.getCenter();
    const far = Math.abs(c.lat - position.lat) > 1e-4 || Math.abs(c.lng - position.lon) > 1e-4 || Math.abs(map.getZoom() - position.zoom) > 0.01;
    if (far) map.jumpTo({ center: [position.lon, position.lat], zoom: position.zoom });
  }, [loaded, position]);

  // Count a cluster result as drawn once the map has rendered a frame with it and gone idle.
  useEffect(() => {
    const map = mapRef.current?.getMap();
    if (!loaded || !map || !clusters) return;
    let live = true;
    map.once('idle', () => {
      if (!live) return;
      // For the benchmark (bench/map-browser.ts): when each cluster result was on screen.
      performance.mark(DRAWN_MARK);
      setRendered((r) => ({ seq: r.seq + 1, of: clusters }));
    });
    map.triggerRepaint();
    return () => {
      live = false;
    };
  }, [loaded, clusters]);

  const expand = useCallback((lngLat: [number, number], zoom: number) => {
    const map = mapRef.current;
    if (!map) return;
    map.flyTo({ center: lngLat, zoom: Math.max(zoom, map.getZoom() + 1), duration: 600, essential: true });
  }, []);

  const on = (id: LayerId) => layers.includes(id);
  const drawingActive = props.drawing !== null;

  const areaData = useMemo(() => withCounts(props.areas, props.areaCounts), [props.areas, props.areaCounts]);
  const { breaks } = useMemo(() => choroplethClasses(props.areaCounts), [props.areaCounts]);
  const heatDrawn = props.heatDrawing;
  const heatData = useMemo(() => weightedHeat(props.heat, heatDrawn.scale.weightPerSighting), [props.heat, heatDrawn]);
  const outlineData = useMemo(() => cellOutlineFeatures(clusters), [clusters]);
  const drawnData = useMemo(() => drawnFeatures(props.drawing, props.drawn), [props.drawing, props.drawn]);

  const onClick = (e: MapLayerMouseEvent) => {
    if ((e.originalEvent.target as Element | null)?.closest?.('.maplibregl-marker')) return;
    if (drawingActive) return props.onDrawCorner([e.lngLat.lng, e.lngLat.lat]);
    if (props.pointEdit) return props.pointEdit.onPlace([e.lngLat.lng, e.lngLat.lat]);
    // An episode or a journey leg drawn over a premises icon is what was aimed at (PeopleLayers opens it).
    const map = mapRef.current?.getMap();
    const people = map && props.people ? PEOPLE_CLICKABLE.filter((id) => map.getLayer(id)) : [];
    if (map && people.length && map.queryRenderedFeatures(e.point, { layers: people }).length) return;
    const f = e.features?.find((x) => x.layer.id === LAYER.premises);
    const id = f?.properties?.id;
    if (typeof id === 'string') props.onOpenPremises(id);
  };

  const [hovering, setHovering] = useState(false);
  const ready = loaded && !props.busy && clusters !== null && rendered.of === clusters;

  return (
    <div
      className={`map-view${drawingActive ? ' map-view--drawing' : ''}${props.hotspots && (on('hotspots') || on('emerging')) ? ' map-view--hotspots' : ''}`}
      data-testid="map"
      data-state={ready ? 'ready' : 'loading'}
      data-rendered={rendered.seq}
    >
      <Map
        ref={takeMap}
        mapLib={maplibregl}
        mapStyle={props.mapStyle}
        initialViewState={position ? { longitude: position.lon, latitude: position.lat, zoom: position.zoom } : fitTo ? { bounds: fitTo, fitBoundsOptions: { padding: 24 } } : GB}
        style={{ position: 'absolute', inset: 0 }}
        onLoad={onLoad}
        onMoveEnd={emitView}
        onClick={onClick}
        onDblClick={drawingActive ? (e) => (e.preventDefault(), props.onFinishDrawing()) : undefined}
        doubleClickZoom={!drawingActive}
        interactiveLayerIds={on('premises') ? [LAYER.premises] : []}
        onMouseEnter={() => setHovering(true)}
        onMouseLeave={() => setHovering(false)}
        cursor={drawingActive || props.pointEdit ? 'crosshair' : hovering ? 'pointer' : undefined}
        dragRotate={false}
        pitchWithRotate={false}
        touchPitch={false}
        maxZoom={MAX_ZOOM}
        attributionControl={false}
      >
        <NavigationControl position="top-left" showCompass={false} />
        <ScaleControl position="bottom-right" unit="metric" />
        {loaded && (
          <>
            <Source id={SOURCES.areas} type="geojson" data={areaData}>
              <Layer {...choroplethFill(on('choropleth'), breaks)} />
              <Layer {...areasOutline(on('areas'))} />
              <Layer {...selectedArea(props.selectedAreaId)} />
            </Source>
            <Source id={SOURCES.heat} type="geojson" data={heatData}>
              <Layer {...heatLayer(on('heat'), { ...props.heatSettings, radius: heatDrawn.radius })} />
            </Source>
            <Source id={SOURCES.premises} type="geojson" data={(props.premises as FeatureCollection | null) ?? EMPTY}>
              <Layer {...premisesLayer(on('premises'))} />
            </Source>
            {/* Above the heat and premises: a hot spot map is read as cells, not under icons. */}
            {props.hotspots && <HotspotLayers {...props.hotspots} showHotspots={on('hotspots')} showEmerging={on('emerging')} clicksTaken={drawingActive} />}
            {/* Above the hot spot cells, so a journey or a flow is never hidden under a shaded cell. */}
            {props.people && (
              <PeopleLayers {...props.people} showEpisodes={on('episodes')} showJourneys={on('journeys')} clicksTaken={drawingActive || !!props.pointEdit} />
            )}
            <Source id={SOURCES.cellOutlines} type="geojson" data={outlineData}>
              <Layer {...cellOutlines(on('clusters'))} />
            </Source>
            <Source id={SOURCES.drawn} type="geojson" data={drawnData}>
              <Layer {...drawnFill} />
              <Layer {...drawnLine} />
              <Layer {...drawnVertices} />
            </Source>
            {on('areas') && props.areas && <WardLabels areas={props.areas.features} />}
            {on('clusters') && clusters && (
              <ClusterMarkers
                features={clusters.features}
                onExpand={expand}
                onOpenRecord={props.onOpenRecord}
                selectedId={props.selectedSightingId}
                onPick={props.onPickCluster}
                lastZoom={clusters.zoom >= MAX_ZOOM}
                view={clusters.restricted ? viewBounds(mapRef.current) : undefined}
              />
            )}
            {props.highlight && (
              <Marker longitude={props.highlight[0]} latitude={props.highlight[1]} anchor="center" style={{ pointerEvents: 'none' }}>
                <span className="list-highlight" data-testid="list-highlight" />
              </Marker>
            )}
            {props.pointEdit?.at && (
              <Marker
                longitude={props.pointEdit.at[0]}
                latitude={props.pointEdit.at[1]}
                draggable
                color="#c2410c"
                onDragEnd={(e) => props.pointEdit?.onPlace([e.lngLat.lng, e.lngLat.lat])}
              >
                <div className="edit-point" data-testid="edit-point" aria-label="The point being placed; drag it to adjust" />
              </Marker>
            )}
          </>
        )}
      </Map>
    </div>
  );
}

/** Areas with `rate` from the choropleth (per its basis): a number, SUPPRESSED for a hidden count, 0 when absent. */
function withCounts(areas: AreaCollection | null, counts: Choropleth | null): FeatureCollection {
  if (!areas) return EMPTY;
  const byId = new globalThis.Map(counts?.areas.map((a) => [a.id, rateOf(a, counts.basis)]) ?? []);
  return {
    type: 'FeatureCollection',
    features: areas.features.map((f) => ({ ...f, properties: { ...f.properties, rate: byId.get(f.id) ?? 0 } }) as Feature),
  };
}

/** Heat cells with `w`, the heatmap weight: count × weight per sighting (see heat.ts). */
function weightedHeat(h: HeatCollection | null, perSighting: number): FeatureCollection {
  if (!h || !h.features.length) return EMPTY;
  return {
    type: 'FeatureCollection',
    features: h.features.map((f) => ({ ...f, properties: { ...f.properties, w: f.properties.count * perSighting } })) as Feature[],
  };
}

/** The map's bounds as `[west, south, east, north]`, or undefined before it has loaded. */
function viewBounds(map: MapRef | null | undefined): BBox | undefined {
  const b = map?.getBounds();
  return b ? [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] : undefined;
}

/** The squares of a restricted reader's grid counts, so each count is seen to belong to its whole cell. */
function cellOutlineFeatures(c: ClusterCollection | null): FeatureCollection {
  if (!c?.restricted) return EMPTY;
  return {
    type: 'FeatureCollection',
    features: c.features.flatMap((f) => (f.properties.cluster && f.properties.cell ? [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [f.properties.outline] } } as Feature] : [])),
  };
}

/** The polygon being drawn (outline so far and corners), or the finished one. */
function drawnFeatures(corners: [number, number][] | null, done: AreaGeometry | null): FeatureCollection {
  if (done) return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: done as Geometry }] };
  if (!corners?.length) return EMPTY;
  const ring = closedRing(corners);
  const features: Feature[] = corners.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } }));
  features.push(
    ring
      ? { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }
      : { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: corners } },
  );
  return { type: 'FeatureCollection', features };
}
