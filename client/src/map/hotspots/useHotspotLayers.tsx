import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { Role } from '../../../../server/lists';
import type { AreaCollection } from '../api';
import type { BBox } from '../geometry';
import { useRemote } from '../../useRemote';
import * as api from './api';
import { EmergingLegend } from './EmergingLegend';
import { HotspotCellCard } from './HotspotCellCard';
import { HotspotLegend } from './HotspotLegend';
import type { PickedCell } from './HotspotLayers';
import { plansDisruption } from '../../../../server/auth/policy';
import { RepeatPlaces } from './RepeatPlaces';

interface Options {
  showHotspots: boolean;
  showEmerging: boolean;
  /** The sighting filters as query parameters (the map's, without the view). */
  params: Record<string, string>;
  /** The wards, whose extent is the study area when none is chosen. */
  wards: AreaCollection | null;
  /** A ward chosen on the map: the study area while it is open. */
  selectedArea: { id: string; name: string } | null;
  role: Role;
  /** "List these sightings" of a hot spot cell: the title and the query that selects them; absent for restricted roles. */
  onList?: ((title: string, params: Record<string, string>) => void) | undefined;
}

/** The extent of the wards, WGS84. */
function extentOf(wards: AreaCollection): BBox | null {
  let w = 180, s = 90, e = -180, n = -90;
  for (const f of wards.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys) {
      for (const [x, y] of poly[0] as [number, number][]) {
        w = Math.min(w, x);
        e = Math.max(e, x);
        s = Math.min(s, y);
        n = Math.max(n, y);
      }
    }
  }
  return w < e && s < n ? [w, s, e, n] : null;
}

/**
 * Everything the hot spot layers need on the map page: the study area (the chosen
 * ward, else all wards), the analyses for it under the filters (loaded only while a
 * layer or the table is shown), their legends for the layer panel, the repeat-places
 * table, the clicked cell's card, and the layers' props for the map.
 */
export function useHotspotLayers(o: Options) {
  const [placesOpen, setPlacesOpen] = useState(false);
  const [picked, setPicked] = useState<PickedCell | null>(null);
  const [flyTo, setFlyTo] = useState<{ lngLat: [number, number]; seq: number } | null>(null);
  const [drawnCells, setDrawnCells] = useState(0);
  const [showNotSignificant, setShowNotSignificant] = useState(false);

  const study = useMemo<api.StudyArea | null>(() => {
    if (o.selectedArea) return { kind: 'area', id: o.selectedArea.id, name: o.selectedArea.name };
    const bbox = o.wards ? extentOf(o.wards) : null;
    return bbox ? { kind: 'bbox', bbox, name: 'the town (all wards)' } : null;
  }, [o.selectedArea, o.wards]);
  const studyKey = study ? (study.kind === 'area' ? `area=${study.id}` : `bbox=${study.bbox.join(',')}`) : null;
  const paramsKey = new URLSearchParams(o.params).toString();
  const key = (what: string, on: boolean) => (on && studyKey ? `${what}?${studyKey}&${paramsKey}` : null);

  const hotspots = useRemote(key('hotspots', o.showHotspots), (signal) => api.hotSpots(study!, o.params, signal));
  const emerging = useRemote(key('emerging', o.showEmerging), (signal) => api.emerging(study!, o.params, signal));
  const places = useRemote(key('places', o.showHotspots && placesOpen), (signal) => api.places(study!, o.params, signal));

  const show = useCallback((lngLat: [number, number]) => setFlyTo((f) => ({ lngLat, seq: (f?.seq ?? 0) + 1 })), []);
  const onPick = useCallback((cell: PickedCell) => setPicked(cell), []);

  const legends: { hotspots: ReactNode; emerging: ReactNode } = {
    hotspots: (
      <>
        <HotspotLegend study={study} result={hotspots} drawnCells={drawnCells} showNotSignificant={showNotSignificant} onShowNotSignificant={setShowNotSignificant} />
        <button type="button" className="button button--small hotspot-places-toggle" aria-expanded={placesOpen} onClick={() => setPlacesOpen((v) => !v)}>
          {placesOpen ? 'Hide repeat places' : 'Show repeat places'}
        </button>
        {placesOpen && <RepeatPlaces study={study} result={places} onShow={show} />}
      </>
    ),
    emerging: <EmergingLegend study={study} result={emerging} />,
  };

  const shownPick = picked && ((picked.layer === 'hotspots' && o.showHotspots) || (picked.layer === 'emerging' && o.showEmerging)) ? picked : null;
  const card = shownPick ? (
    <HotspotCellCard
      picked={shownPick}
      hotspots={hotspots.data}
      emerging={emerging.data}
      places={places.data}
      studyName={study?.name ?? 'the study area'}
      mayPlan={plansDisruption(o.role)}
      onList={o.onList && study ? (cell, title) => o.onList!(title, { ...api.withoutExtent(o.params), ...api.studyParams(study), cell }) : undefined}
      onClose={() => setPicked(null)}
    />
  ) : null;

  return {
    legends,
    card,
    layers: { hotspots: hotspots.data, emerging: emerging.data, showNotSignificant, onPick, flyTo, onDrawn: setDrawnCells },
    loading: hotspots.loading || emerging.loading || places.loading,
  };
}
