import { useEffect, useMemo, useState } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import * as api from './api';
import { basemapStyle, OFFLINE_STYLE } from './basemap';
import { filterParams, type Filters } from './filterState';
import { boundsOf, snapOutward } from './geometry';
import { heatDrawing } from './heat';
import { playbackPeriod } from './playback';
import { usePlayback } from './usePlayback';
import { useFramed } from './useFramed';
import { useRemote } from '../useRemote';
import type { MapUrlState } from './urlState';

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** Whether a layer's data is the answer for its key (or the layer is off). */
export const current = (r: { dataKey: string | null; loading: boolean }, key: string | null) => key === null || (r.dataKey === key && !r.loading);

/**
 * What the map stands on, loaded once: the basemap's style (the plain offline style, with
 * the reason, when the configured one cannot be had) and the wards, with the box to fit.
 */
export function useMapBase() {
  const basemap = useRemote('basemap', api.basemap);
  const [style, setStyle] = useState<{ style: StyleSpecification | string; problem?: string } | null>(null);
  useEffect(() => {
    if (basemap.error) setStyle({ style: OFFLINE_STYLE, problem: `The configured basemap is unavailable (${basemap.error.detail}); showing the plain map.` });
    else if (basemap.data) {
      basemapStyle(basemap.data).then(
        (s) => setStyle({ style: s }),
        (err: unknown) => setStyle({ style: OFFLINE_STYLE, problem: `The configured basemap could not be opened (${String(err)}); showing the plain map.` }),
      );
    }
  }, [basemap.data, basemap.error]);

  const areas = useRemote('areas:ward', (signal) => api.areas('ward', signal));
  const fitTo = useMemo(
    () => (areas.data ? boundsOf(areas.data.features.map((f) => f.geometry)) : areas.error ? null : undefined),
    [areas.data, areas.error],
  );
  const areaNames = useMemo(() => new Map(areas.data?.features.map((f) => [f.id, f.properties.name]) ?? []), [areas.data]);
  return { style, areas, fitTo, areaNames };
}

/**
 * The data of the map's view under the filters: the timeline (whole history, so a window
 * can be chosen from it), playback over it, the clusters and heat (held in batches while
 * playing), the ward counts, the premises and the people layers of the layers shown.
 * Each is one request keyed by what it depends on, so a filter change asks again only for
 * what it changes.
 */
export function useMapData(state: Pick<MapUrlState, 'filters' | 'heat'>, layers: readonly MapUrlState['layers'][number][], view: { bbox: [number, number, number, number]; zoom: number } | null) {
  const on = (id: MapUrlState['layers'][number]) => layers.includes(id);
  const filters = state.filters;
  const undated = useMemo(() => filterParams({ ...filters, from: null, to: null }), [filters]);
  const undatedKey = query(undated);
  const timeline = useRemote(`timeline?${undatedKey}`, (signal) => api.timeline(Object.fromEntries(new URLSearchParams(undatedKey)), signal));

  const period = useMemo(() => playbackPeriod(filters, timeline.data), [filters, timeline.data]);
  const [shown, setShown] = useState(false);
  const playback = usePlayback(period, shown);
  const effective: Filters = playback.frame ? { ...filters, from: playback.frame.from, to: playback.frame.to } : filters;
  const params = filterParams(effective);
  const paramsKey = query(params);
  const viewKey = view ? `bbox=${view.bbox.join(',')}&zoom=${view.zoom}` : '';

  const clustersKey = view ? `clusters?${paramsKey}&${viewKey}` : null;
  // Playing, both layers draw each frame from batches fetched FRAMES_PER_REQUEST frames at a time.
  const frameIndex = playback.frame ? playback.index : null;
  const batchOf = (layer: string) => (frames: string) => (view ? `${layer}/frames?${undatedKey}&${viewKey}&frames=${frames}` : null);
  const clusters = useFramed({
    key: clustersKey,
    load: (signal) => api.clusters(view!, params, signal),
    batchKey: batchOf('clusters'),
    loadBatch: (frames, signal) => api.clusterFrames(view!, undated, frames, signal),
    frames: playback.frames,
    index: frameIndex,
  });
  const heatKey = view && on('heat') ? `heat?${paramsKey}&${viewKey}` : null;
  const heat = useFramed({
    key: heatKey,
    load: (signal) => api.heat(view!, params, signal),
    batchKey: (frames) => (on('heat') ? batchOf('heat')(frames) : null),
    loadBatch: (frames, signal) => api.heatFrames(view!, undated, frames, signal),
    frames: playback.frames,
    index: frameIndex,
  });
  const heatDrawn = useMemo(() => heatDrawing(on('heat') ? heat.data : null, state.heat.radius), [heat.data, state.heat.radius, layers]);
  const choroplethKey = on('choropleth') ? `choropleth?${paramsKey}` : null;
  const choropleth = useRemote(choroplethKey, (signal) => api.choropleth(params, signal));
  const premisesBox = view && on('premises') ? snapOutward(view.bbox, 0.05) : null;
  const premises = useRemote(premisesBox ? `premises?${premisesBox.join(',')}` : null, (signal) => api.premisesInView(premisesBox!, signal));

  // Missing episodes and journeys follow the time filter (and playback), in a box a little larger than the view.
  const peopleBox = view && (on('episodes') || on('journeys')) ? snapOutward(view.bbox, 0.05) : null;
  const peopleQuery = peopleBox ? { from: effective.from, to: effective.to, bbox: peopleBox } : null;
  const peopleKey = peopleQuery ? `from=${peopleQuery.from ?? ''}&to=${peopleQuery.to ?? ''}&bbox=${peopleBox!.join(',')}` : '';
  const flows = useRemote(on('episodes') && peopleQuery ? `episode-flows?${peopleKey}` : null, (signal) => api.episodeFlows(peopleQuery!, signal));
  const found = useRemote(on('episodes') && peopleQuery ? `episode-found?${peopleKey}` : null, (signal) => api.episodesFound(peopleQuery!, signal));
  const journeys = useRemote(on('journeys') && peopleQuery ? `journeys?${peopleKey}` : null, (signal) => api.journeys(peopleQuery!, signal));

  // Playback moves on once the frame's layers are drawn from their answers.
  const frameShown = current(clusters, clustersKey) && current(heat, heatKey) && current(choropleth, choroplethKey);
  useEffect(() => setShown(frameShown), [frameShown]);

  return {
    timeline, playback, effective, clusters, clustersKey, heat, heatDrawn, choropleth, choroplethKey, premises, flows, found, journeys,
    busy: clusters.loading || heat.loading || choropleth.loading,
  };
}
