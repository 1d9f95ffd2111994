import { useEffect, useMemo, useState } from 'react';
import type { MapLayerMouseEvent } from 'maplibre-gl';
import { Layer, Marker, Source, useMap } from '@vis.gl/react-maplibre';
import type { Feature, FeatureCollection } from 'geojson';
import { GLYPH_FONTS } from '../../../server/basemap/schema';
import type { EpisodeFlowCollection, EpisodeFlowProps, EpisodeFoundCollection, EpisodeFoundProps, Journey } from './api';
import {
  PEOPLE_LAYER,
  PEOPLE_SOURCES,
  episodeFlowArrows,
  episodeFlows,
  episodeFlowsSensitive,
  episodeFound,
  journeyLegs,
  journeyLines,
  journeyNumbers,
} from './layers';

/** What a click on the people layers picked: an episode (its flow or where the child was found), or a journey's leg. */
export type PeoplePick =
  | { kind: 'episode'; episode: EpisodeFlowProps | EpisodeFoundProps }
  | { kind: 'journey'; journeyId: string; seq: number | null };

interface Props {
  flows: EpisodeFlowCollection | null;
  found: EpisodeFoundCollection | null;
  journeys: Journey[] | null;
  showEpisodes: boolean;
  showJourneys: boolean;
  /** Clicks are for something else (drawing a polygon, placing a point). */
  clicksTaken: boolean;
  onPick: (p: PeoplePick) => void;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Each journey as one line through its legs in order (journeys of one leg have no line). */
export function journeyLineFeatures(journeys: Journey[] | null): FeatureCollection {
  if (!journeys) return EMPTY;
  return {
    type: 'FeatureCollection',
    features: journeys.flatMap((j) => {
      const legs = [...j.legs].sort((a, b) => a.seq - b.seq);
      return legs.length < 2
        ? []
        : [{ type: 'Feature', properties: { journeyId: j.id, title: j.title }, geometry: { type: 'LineString', coordinates: legs.map((l) => [l.lon, l.lat]) } } as Feature];
    }),
  };
}

/** Each leg as a point carrying its number, kind and journey. */
export function journeyLegFeatures(journeys: Journey[] | null): FeatureCollection {
  if (!journeys) return EMPTY;
  return {
    type: 'FeatureCollection',
    features: journeys.flatMap((j) =>
      j.legs.map(
        (l) =>
          ({
            type: 'Feature',
            properties: { journeyId: j.id, seq: l.seq, kind: l.kind, sightingId: l.sightingId, legs: j.legs.length },
            geometry: { type: 'Point', coordinates: [l.lon, l.lat] },
          }) as Feature,
      ),
    ),
  };
}

/** Lantern's glyphs (the street basemap's) carry the font the numbers are set in; other styles may not. */
const hasLanternGlyphs = (glyphs: string | undefined) => !!glyphs && glyphs.includes('/api/basemap/glyphs/');

/**
 * Missing episodes (flows and found-at points) and journeys (numbered legs), above the
 * premises and below the sighting markers. Owns its clicks through the map it is in. With
 * a style that has no Lantern glyphs, the numbers are HTML labels and the flows have no
 * chevrons (their colour still runs from pale to dark).
 */
export function PeopleLayers(p: Props) {
  const { current: mapRef } = useMap();
  const [glyphs, setGlyphs] = useState(() => hasLanternGlyphs(mapRef?.getMap().getStyle()?.glyphs));
  useEffect(() => {
    const map = mapRef?.getMap();
    if (!map) return;
    const check = () => setGlyphs(hasLanternGlyphs(map.getStyle()?.glyphs));
    map.on('styledata', check);
    check();
    return () => {
      map.off('styledata', check);
    };
  }, [mapRef]);

  const lineData = useMemo(() => journeyLineFeatures(p.journeys), [p.journeys]);
  const legData = useMemo(() => journeyLegFeatures(p.journeys), [p.journeys]);
  const { onPick, clicksTaken } = p;

  useEffect(() => {
    const map = mapRef?.getMap();
    if (!map) return;
    const fromMarker = (e: MapLayerMouseEvent) => !!(e.originalEvent.target as Element | null)?.closest?.('.maplibregl-marker');
    const onFlow = (e: MapLayerMouseEvent) => {
      if (clicksTaken || fromMarker(e)) return;
      const props = e.features?.[0]?.properties as EpisodeFlowProps | undefined;
      // Properties come back from the worker flattened: booleans survive, nulls may not.
      if (props?.episodeId) onPick({ kind: 'episode', episode: { ...props, subjectRef: props.subjectRef ?? null, durationHours: props.durationHours ?? null } });
    };
    const onFound = (e: MapLayerMouseEvent) => {
      if (clicksTaken || fromMarker(e)) return;
      const props = e.features?.[0]?.properties as EpisodeFoundProps | undefined;
      if (props?.episodeId) onPick({ kind: 'episode', episode: props });
    };
    const onLeg = (e: MapLayerMouseEvent) => {
      if (clicksTaken || fromMarker(e)) return;
      const props = e.features?.[0]?.properties as { journeyId?: string; seq?: number } | undefined;
      if (props?.journeyId) onPick({ kind: 'journey', journeyId: props.journeyId, seq: typeof props.seq === 'number' ? props.seq : null });
    };
    const onLine = (e: MapLayerMouseEvent) => {
      if (clicksTaken || fromMarker(e)) return;
      // A leg's circle lies on the line too: the leg's own handler names the leg.
      if (map.queryRenderedFeatures(e.point, { layers: [PEOPLE_LAYER.journeyLegs] }).length) return;
      const id = e.features?.[0]?.properties?.journeyId;
      if (typeof id === 'string') onPick({ kind: 'journey', journeyId: id, seq: null });
    };
    const handlers: [string, (e: MapLayerMouseEvent) => void][] = [
      [PEOPLE_LAYER.flows, onFlow],
      [PEOPLE_LAYER.flowsSensitive, onFlow],
      [PEOPLE_LAYER.found, onFound],
      [PEOPLE_LAYER.journeyLegs, onLeg],
      [PEOPLE_LAYER.journeyLines, onLine],
    ];
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const plain = () => (map.getCanvas().style.cursor = '');
    for (const [id, h] of handlers) {
      map.on('click', id, h);
      map.on('mouseenter', id, pointer);
      map.on('mouseleave', id, plain);
    }
    return () => {
      for (const [id, h] of handlers) {
        map.off('click', id, h);
        map.off('mouseenter', id, pointer);
        map.off('mouseleave', id, plain);
      }
    };
  }, [mapRef, onPick, clicksTaken]);

  // Only while shown are the layers in the style at all: the street names stay the style's top
  // layers (keepLabelsOnTop) except while a leg's number or a found-at point sits over them.
  return (
    <>
      {p.showEpisodes && (
        <>
          <Source id={PEOPLE_SOURCES.flows} type="geojson" data={(p.flows as FeatureCollection | null) ?? EMPTY} lineMetrics>
            <Layer {...episodeFlows(true)} />
            <Layer {...episodeFlowsSensitive(true)} />
            {glyphs && <Layer {...episodeFlowArrows(true, GLYPH_FONTS.bold)} />}
          </Source>
          <Source id={PEOPLE_SOURCES.found} type="geojson" data={(p.found as FeatureCollection | null) ?? EMPTY}>
            <Layer {...episodeFound(true)} />
          </Source>
        </>
      )}
      {p.showJourneys && (
        <>
          <Source id={PEOPLE_SOURCES.journeyLines} type="geojson" data={lineData}>
            <Layer {...journeyLines(true)} />
          </Source>
          <Source id={PEOPLE_SOURCES.journeyLegs} type="geojson" data={legData}>
            <Layer {...journeyLegs(true)} />
            {glyphs && <Layer {...journeyNumbers(true, GLYPH_FONTS.bold)} />}
          </Source>
        </>
      )}
      {!glyphs &&
        p.showJourneys &&
        p.journeys?.flatMap((j) =>
          j.legs.map((l) => (
            <Marker key={`${j.id}:${l.seq}`} longitude={l.lon} latitude={l.lat} anchor="center" style={{ pointerEvents: 'none' }}>
              <span className="journey-number" aria-hidden="true">
                {l.seq}
              </span>
            </Marker>
          )),
        )}
    </>
  );
}
