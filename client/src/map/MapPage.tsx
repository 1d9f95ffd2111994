// First, so that the map's parts (AddSighting.css, hotspots.css) come after it and can refine it.
import './map.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Role } from '../../../server/lists';
import { aggregatesRestricted, mayReadPremises, mayReadSubjects, SIGHTING_WRITERS } from '../../../server/auth/policy';
import type { LocationMethod } from '../../../server/lists';
import { Workspace } from '../components/Workspace';
import { AddSightingForm, MapEditContext, MovePointBar, type LonLat, type MapEdits } from './AddSighting';
import type { Detail } from './detail';
import type { ClusterProps } from './api';
import { ClusterOffer, clusterList, type ClusterPick } from './ClusterOffer';
import { DetailDrawer } from './DetailDrawer';
import { DrawToolbar } from './DrawToolbar';
import { filterParams, isFiltered, type Filters } from './filterState';
import { closedRing, type AreaGeometry } from './geometry';
import { MapPanel } from './MapPanel';
import { MapStatus } from './MapStatus';
import { MapView, type MapViewport } from './MapView';
import { useUrlState } from './useUrlState';
import { current, useMapBase, useMapData } from './useMapData';
import { useHotspotLayers } from './hotspots/useHotspotLayers';
import type { PeoplePick } from './PeopleLayers';

interface Props {
  role: Role;
}

/**
 * The map page: filters and layers beside the map, all held in the URL; the data
 * for the view loaded as the view or the filters change; a drawer for records,
 * premises and area statistics.
 */
export function MapPage({ role }: Props) {
  const [state, update, linkProblems] = useUrlState();
  const [viewport, setViewport] = useState<MapViewport | null>(null);
  const [details, setDetails] = useState<Detail[]>([]);
  const [drawing, setDrawing] = useState<[number, number][] | null>(null);
  const [drawn, setDrawn] = useState<AreaGeometry | null>(null);
  // "List these sightings" (issue 19): the listed row pointed at, and a cluster just clicked.
  const [highlight, setHighlight] = useState<[number, number] | null>(null);
  const [clusterPick, setClusterPick] = useState<ClusterPick | null>(null);
  // Roles that may not read premises (planners) neither see nor request the premises layer;
  // only subject readers (analysts, admins) are offered missing episodes and journeys.
  const hiddenLayers = useMemo<(typeof state.layers)[number][]>(
    () => [...(mayReadPremises(role) ? [] : (['premises'] as const)), ...(mayReadSubjects(role) ? [] : (['episodes', 'journeys'] as const))],
    [role],
  );
  const layers = useMemo(() => state.layers.filter((l) => !hiddenLayers.includes(l)), [state.layers, hiddenLayers]);
  const on = (id: (typeof state.layers)[number]) => layers.includes(id);
  const mayOpenRecords = !aggregatesRestricted(role);
  const mayEdit = SIGHTING_WRITERS.includes(role);
  // Sightings made and corrected on the map (issue 17): a new point being placed, or a point being moved.
  const [adding, setAdding] = useState<{ at: LonLat | null; placedBy: { method: LocationMethod; precisionM?: number; name?: string } | null } | null>(null);
  const [moving, setMoving] = useState<{ id: string; from: LonLat; at: LonLat } | null>(null);
  // Bumped after an edit so the open record is read again.
  const [edits, setEdits] = useState(0);

  // ---- The data: the basemap and wards once; the view's layers as the view and filters change
  const { style, areas, fitTo, areaNames } = useMapBase();
  const view = viewport ? { bbox: viewport.bbox, zoom: viewport.zoom } : null;
  const { timeline, playback, effective, clusters, clustersKey, heat, heatDrawn, choropleth, choroplethKey, premises, flows, found, journeys, busy } =
    useMapData(state, layers, view);
  const journeyItems = on('journeys') ? (journeys.data?.items ?? null) : null;
  const restricted = clusters.data?.restricted ?? !mayOpenRecords;

  // ---- Handlers ----------------------------------------------------------------------
  const onView = useCallback(
    (v: MapViewport) => {
      setViewport(v);
      update((s) => ({ ...s, position: v.position }));
    },
    [update],
  );
  const setFilters = useCallback((fn: (f: Filters) => Filters) => update((s) => ({ ...s, filters: fn(s.filters) })), [update]);
  const openFromMap = useCallback((d: Detail) => setDetails([d]), []);
  // A record's id is in the URL (?record=), so that it can be linked to and the back button closes it; the effects below follow it.
  const openRecord = useCallback((id: string) => update((s) => ({ ...s, record: id })), [update]);
  const openPremises = useCallback((id: string) => setDetails([{ kind: 'premises', id }]), []);
  const openList = useCallback((title: string, listParams: Record<string, string>) => {
    setClusterPick(null);
    setDetails([{ kind: 'list', title, params: listParams }]);
  }, []);
  useEffect(() => {
    const id = state.record;
    setDetails((ds) => {
      if (id === null) {
        const at = ds.findIndex((d) => d.kind === 'sighting');
        return at < 0 ? ds : ds.slice(0, at);
      }
      if (ds.some((d) => d.kind === 'sighting' && d.id === id)) return ds;
      const top = ds[ds.length - 1];
      return top?.kind === 'list' ? [...ds, { kind: 'sighting', id }] : [{ kind: 'sighting', id }];
    });
  }, [state.record]);
  const followedDetails = useRef(false);
  useEffect(() => {
    // Not on the first render: the record in the arriving link is opened by the effect above.
    if (!followedDetails.current) {
      followedDetails.current = true;
      return;
    }
    if (state.record && !details.some((d) => d.kind === 'sighting' && d.id === state.record)) update((s) => ({ ...s, record: null }));
    if (details[details.length - 1]?.kind !== 'list') setHighlight(null);
  }, [details]);
  const closeDrawer = () => {
    setDetails([]);
    setDrawn(null);
  };
  const startDrawing = () => {
    setDrawing([]);
    setDrawn(null);
    setDetails((d) => (d[0]?.kind === 'polygon' ? [] : d));
  };
  const addCorner = useCallback(
    (c: [number, number]) => setDrawing((cs) => (cs === null ? cs : cs.length && cs[cs.length - 1]![0] === c[0] && cs[cs.length - 1]![1] === c[1] ? cs : [...cs, c])),
    [],
  );
  const finishDrawing = () => {
    const ring = drawing ? closedRing(drawing) : null;
    if (!ring) return;
    const geometry: AreaGeometry = { type: 'Polygon', coordinates: [ring] };
    setDrawing(null);
    setDrawn(geometry);
    setDetails([{ kind: 'polygon', geometry }]);
  };
  const clustersDrawnBy = clusters.dataKey;
  const pickCluster = useCallback(
    (p: ClusterProps, lastZoom: boolean) => {
      if (!clustersDrawnBy) return;
      const pick = { p, viewKey: clustersDrawnBy };
      const list = lastZoom ? clusterList(pick) : null;
      if (list) openList(list.title, list.params);
      else if (!lastZoom) setClusterPick(pick);
    },
    [clustersDrawnBy, openList],
  );

  const detail = details[details.length - 1] ?? null;

  const journeyList = journeys.data?.items;
  const pickPeople = useCallback(
    (p: PeoplePick) => {
      if (p.kind === 'episode') return openFromMap({ kind: 'episode', episode: p.episode });
      const journey = journeyList?.find((j) => j.id === p.journeyId);
      if (journey) openFromMap({ kind: 'journey', journey, seq: p.seq });
    },
    [journeyList, openFromMap],
  );
  const people = mayReadSubjects(role)
    ? { flows: on('episodes') ? flows.data : null, found: on('episodes') ? found.data : null, journeys: journeyItems, onPick: pickPeople }
    : undefined;

  const refreshData = () => {
    clusters.retry();
    timeline.retry();
    if (choroplethKey) choropleth.retry();
    setEdits((n) => n + 1);
  };
  const mapEdits: MapEdits | null = mayEdit
    ? {
        moving: moving?.id ?? null,
        startMove: (id, from) => {
          setAdding(null);
          setDrawing(null);
          setMoving({ id, from, at: from });
        },
        deleted: () => {
          setMoving(null);
          setDetails([]);
          refreshData();
        },
      }
    : null;
  const startAdding = () => {
    setMoving(null);
    setDrawing(null);
    setDetails([]);
    setAdding({ at: null, placedBy: null });
  };
  const pointEdit = adding
    ? { at: adding.at, onPlace: (at: LonLat) => setAdding((a) => (a ? { at, placedBy: { method: 'map' as const } } : a)) }
    : moving
      ? { at: moving.at, onPlace: (at: LonLat) => setMoving((m) => (m ? { ...m, at } : m)) }
      : null;
  const statsParams = filterParams(state.filters);
  const hot = useHotspotLayers({
    showHotspots: on('hotspots'),
    showEmerging: on('emerging'),
    params: statsParams,
    wards: areas.data,
    selectedArea: detail?.kind === 'area' ? detail : null,
    role,
    onList: mayOpenRecords ? openList : undefined,
  });
  const errors = [
    clusters.error && { what: 'sightings', error: clusters.error, retry: clusters.retry },
    heat.error && { what: 'heatmap', error: heat.error, retry: heat.retry },
    choropleth.error && { what: 'ward counts', error: choropleth.error, retry: choropleth.retry },
    premises.error && { what: 'premises', error: premises.error, retry: premises.retry },
    areas.error && { what: 'wards', error: areas.error, retry: areas.retry },
    flows.error && { what: 'missing episodes', error: flows.error, retry: flows.retry },
    found.error && { what: 'found-at places', error: found.error, retry: found.retry },
    journeys.error && { what: 'journeys', error: journeys.error, retry: journeys.retry },
  ].filter((e): e is NonNullable<typeof e> => Boolean(e));

  return (
    <Workspace
      panel={
        <MapPanel
          state={state}
          update={update}
          setFilters={setFilters}
          linkProblems={linkProblems}
          styleProblem={style?.problem}
          total={clusters.data?.total ?? null}
          countLoading={!current(clusters, clustersKey)}
          countKey={clusters.dataKey}
          restricted={restricted}
          timeline={timeline}
          playback={playback}
          choropleth={choropleth.data}
          heatTopPerKm2={on('heat') && heat.data ? heatDrawn.scale.topPerKm2 / state.heat.intensity : null}
          areas={areas.data?.features ?? []}
          selectedAreaId={detail?.kind === 'area' ? detail.id : null}
          onPickArea={(a) => openFromMap({ kind: 'area', ...a })}
          drawing={drawing !== null}
          onDraw={startDrawing}
          hotspotLegends={hot.legends}
          hiddenLayers={hiddenLayers}
          people={{
            episodes: on('episodes') ? (flows.data?.features.length ?? null) : null,
            found: on('episodes') ? (found.data?.features.length ?? null) : null,
            journeys: journeyItems,
            onOpenJourney: (journey) => openFromMap({ kind: 'journey', journey, seq: null }),
            onOpenEpisode: (e) => openFromMap({ kind: 'episode', episode: e }),
            flows: on('episodes') ? (flows.data?.features.map((f) => f.properties) ?? null) : null,
          }}
        />
      }
      map={
        <div className="map-frame">
          {style ? (
            <MapView
              mapStyle={style.style}
              position={state.position}
              fitTo={fitTo}
              layers={layers}
              heatSettings={state.heat}
              heatDrawing={heatDrawn}
              areas={areas.data}
              areaCounts={on('choropleth') ? choropleth.data : null}
              heat={on('heat') ? heat.data : null}
              clusters={clusters.data}
              premises={on('premises') ? premises.data : null}
              drawing={drawing}
              drawn={drawn}
              selectedSightingId={detail?.kind === 'sighting' ? detail.id : null}
              selectedAreaId={detail?.kind === 'area' ? detail.id : null}
              busy={busy}
              onView={onView}
              onOpenRecord={mayOpenRecords ? openRecord : undefined}
              onOpenPremises={openPremises}
              onDrawCorner={addCorner}
              onFinishDrawing={finishDrawing}
              hotspots={hot.layers}
              pointEdit={pointEdit}
              onPickCluster={mayOpenRecords ? pickCluster : undefined}
              highlight={detail?.kind === 'list' ? highlight : null}
              people={people}
            />
          ) : (
            <p className="map-frame__loading" role="status">
              Loading the map…
            </p>
          )}
          {hot.card}
          {clusterPick && !(detail?.kind === 'list') && (
            <ClusterOffer pick={clusterPick} onList={(title, listParams) => openList(title, listParams)} onClose={() => setClusterPick(null)} />
          )}
          <MapStatus loading={busy || hot.loading || flows.loading || found.loading || journeys.loading} errors={errors} empty={clusters.data?.total === 0} filtered={isFiltered(effective)} />
          {drawing && <DrawToolbar corners={drawing.length} onFinish={finishDrawing} onUndo={() => setDrawing((cs) => cs?.slice(0, -1) ?? null)} onCancel={() => setDrawing(null)} />}
          {mayEdit && !adding && !moving && drawing === null && (
            <button type="button" className="button button--primary add-sighting__toggle" onClick={startAdding}>
              Add sighting
            </button>
          )}
          {moving && (
            <MovePointBar
              key={moving.id}
              id={moving.id}
              from={moving.from}
              at={moving.at}
              onCancel={() => setMoving(null)}
              onMoved={() => {
                setMoving(null);
                refreshData();
              }}
            />
          )}
          {adding && (
            <AddSightingForm
              at={adding.at}
              placedBy={adding.placedBy}
              onPlace={(at, placedBy) => setAdding({ at, placedBy })}
              onCancel={() => setAdding(null)}
              onCreated={(id) => {
                setAdding(null);
                refreshData();
                openRecord(id);
              }}
            />
          )}
          {detail && !adding && (
            <MapEditContext.Provider value={mapEdits}>
            <DetailDrawer
              key={edits}
              detail={detail}
              canGoBack={details.length > 1}
              onBack={() => setDetails((d) => d.slice(0, -1))}
              onClose={closeDrawer}
              onOpen={(d) => (d.kind === 'sighting' ? openRecord(d.id) : setDetails((ds) => [...ds, d]))}
              params={statsParams}
              areaNames={areaNames}
              onHighlight={setHighlight}
              onList={mayOpenRecords ? (l) => openList(l.title, l.params) : undefined}
             
            />
            </MapEditContext.Provider>
          )}
        </div>
      }
    />
  );
}
