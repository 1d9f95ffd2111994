import { useEffect, useMemo } from 'react';
import type { MapLayerMouseEvent } from 'maplibre-gl';
import { Layer, Source, useMap } from '@vis.gl/react-maplibre';
import type { FeatureCollection } from 'geojson';
import type { EmergingCollection, HotSpotCollection } from './api';
import { emergingFill, emergingLine, HOTSPOT_LAYER, HOTSPOT_SOURCES, hotspotFill } from './cellLayers';

export { HOTSPOT_LAYER, HOTSPOT_SOURCES };

/** What a click on a cell of either layer picked. */
export type PickedCell = { layer: 'hotspots'; id: string } | { layer: 'emerging'; id: string };

interface Props {
  hotspots: HotSpotCollection | null;
  emerging: EmergingCollection | null;
  showHotspots: boolean;
  showEmerging: boolean;
  /** Draw "not significant" cells (faint grey) as well as the significant ones. */
  showNotSignificant: boolean;
  /** Clicks are for something else (drawing a polygon). */
  clicksTaken: boolean;
  onPick: (cell: PickedCell) => void;
  /** Fly here when it changes (`seq` tells two flights to one place apart). */
  flyTo: { lngLat: [number, number]; seq: number } | null;
  /** Significant hot spot cells MapLibre has drawn for the latest result (for tests and the legend). */
  onDrawn: (cells: number) => void;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Cells with their id ("col:row") also as the property `cellId`, which MapLibre hands back on a click. */
function withCellIds(c: { features: { id: string; properties: object }[] } | null): FeatureCollection {
  if (!c) return EMPTY;
  return { type: 'FeatureCollection', features: c.features.map((f) => ({ ...f, properties: { ...f.properties, cellId: f.id } })) } as unknown as FeatureCollection;
}
/**
 * The hot spot (Gi_Bin) and emerging hot spot (pattern) cells, above the heatmap and
 * premises (the map page fades the sighting markers while they show). Owns its clicks
 * and flights through the map it is in.
 */
export function HotspotLayers(p: Props) {
  const { current: mapRef } = useMap();
  const hotData = useMemo(() => withCellIds(p.hotspots), [p.hotspots]);
  const emergingData = useMemo(() => withCellIds(p.emerging), [p.emerging]);
  const { onPick, clicksTaken, onDrawn } = p;

  useEffect(() => {
    const map = mapRef?.getMap();
    if (!map) return;
    const pick = (layer: PickedCell['layer']) => (e: MapLayerMouseEvent) => {
      if (clicksTaken) return;
      if ((e.originalEvent.target as Element | null)?.closest?.('.maplibregl-marker')) return;
      const id = e.features?.[0]?.properties?.cellId;
      if (typeof id === 'string') onPick({ layer, id });
    };
    const onHot = pick('hotspots');
    const onEmerging = pick('emerging');
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const plain = () => (map.getCanvas().style.cursor = '');
    map.on('click', HOTSPOT_LAYER.hotspotFill, onHot);
    map.on('click', HOTSPOT_LAYER.emergingFill, onEmerging);
    for (const id of [HOTSPOT_LAYER.hotspotFill, HOTSPOT_LAYER.emergingFill]) {
      map.on('mouseenter', id, pointer);
      map.on('mouseleave', id, plain);
    }
    return () => {
      map.off('click', HOTSPOT_LAYER.hotspotFill, onHot);
      map.off('click', HOTSPOT_LAYER.emergingFill, onEmerging);
      for (const id of [HOTSPOT_LAYER.hotspotFill, HOTSPOT_LAYER.emergingFill]) {
        map.off('mouseenter', id, pointer);
        map.off('mouseleave', id, plain);
      }
    };
  }, [mapRef, onPick, clicksTaken]);

  useEffect(() => {
    const map = mapRef?.getMap();
    if (!map || !p.flyTo) return;
    map.flyTo({ center: p.flyTo.lngLat, zoom: Math.max(map.getZoom(), 15), duration: 800, essential: true });
  }, [mapRef, p.flyTo]);

  // Once the map has drawn a new result, count the significant cells it rendered.
  useEffect(() => {
    const map = mapRef?.getMap();
    if (!map) return;
    let live = true;
    const count = () => {
      if (!live) return;
      const shown = p.showHotspots && p.hotspots ? map.queryRenderedFeatures({ layers: [HOTSPOT_LAYER.hotspotFill], filter: ['>', ['get', 'bin'], 0] }) : [];
      onDrawn(new Set(shown.map((f) => f.properties?.cellId)).size);
    };
    map.once('idle', count);
    map.triggerRepaint();
    return () => {
      live = false;
      map.off('idle', count);
    };
  }, [mapRef, p.hotspots, p.showHotspots, onDrawn]);

  return (
    <>
      <Source id={HOTSPOT_SOURCES.hotspots} type="geojson" data={hotData} promoteId="cellId">
        <Layer {...hotspotFill(p.showHotspots, p.showNotSignificant)} />
      </Source>
      <Source id={HOTSPOT_SOURCES.emerging} type="geojson" data={emergingData} promoteId="cellId">
        <Layer {...emergingFill(p.showEmerging)} />
        <Layer {...emergingLine(p.showEmerging)} />
      </Source>
    </>
  );
}
