import { useEffect, useRef } from 'react';
import { AreaStatsPanel } from './AreaStatsPanel';
import type { Detail } from './detail';
import { EpisodeSummary, JourneySummary } from './PeopleSummaries';
import { PremisesSummary, VehicleSummary } from './PlaceSummaries';
import { RecordPanel } from './RecordPanel';
import { SightingList } from './SightingList';

interface Props {
  detail: Detail;
  /** Something to go back to (a record, from its premises). */
  canGoBack: boolean;
  onBack: () => void;
  onClose: () => void;
  onOpen: (d: Detail) => void;
  /** Filter parameters for area statistics. */
  params: Record<string, string>;
  areaNames: ReadonlyMap<string, string>;
  /** Rings a listed sighting's point on the map (null: none). */
  onHighlight?: (at: [number, number] | null) => void;
  /** "List these sightings" of a ward or drawn area; absent for roles that may not list records. */
  onList?: (d: { title: string; params: Record<string, string> }) => void;
}

const TITLES: Record<Detail['kind'], string> = {
  sighting: 'Sighting record',
  premises: 'Premises',
  vehicle: 'Vehicle',
  area: 'Area statistics',
  polygon: 'Drawn area statistics',
  list: 'Sightings',
  episode: 'Missing episode',
  journey: 'Journey',
};

/** A panel over the map's right side for one thing: a record, a premises, a vehicle, an area's statistics, or a list of sightings. */
export function DetailDrawer({ detail, canGoBack, onBack, onClose, onOpen, params, areaNames, onHighlight, onList }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [detail]);
  return (
    <aside
      className={detail.kind === 'list' ? 'drawer drawer--wide' : 'drawer'}
      aria-labelledby="drawer-heading"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="drawer__bar">
        {canGoBack && (
          <button type="button" className="button button--small" onClick={onBack}>
            Back
          </button>
        )}
        <h2 id="drawer-heading" tabIndex={-1} ref={heading}>
          {detail.kind === 'area' ? detail.name : detail.kind === 'list' ? detail.title : TITLES[detail.kind]}
        </h2>
        <button type="button" className="button button--small drawer__close" onClick={onClose} aria-label="Close the panel">
          ✕
        </button>
      </div>
      <div className="drawer__body">
        {detail.kind === 'sighting' && <RecordPanel id={detail.id} areaNames={areaNames} onOpen={onOpen} />}
        {detail.kind === 'premises' && <PremisesSummary id={detail.id} />}
        {detail.kind === 'vehicle' && <VehicleSummary id={detail.id} />}
        {(detail.kind === 'area' || detail.kind === 'polygon') && (
          <AreaStatsPanel
            target={detail.kind === 'area' ? { kind: 'area', id: detail.id } : { kind: 'polygon', geometry: detail.geometry }}
            params={params}
            onList={onList}
           
          />
        )}
        {detail.kind === 'episode' && <EpisodeSummary episode={detail.episode} />}
        {detail.kind === 'journey' && <JourneySummary journey={detail.journey} seq={detail.seq} onOpenRecord={(id) => onOpen({ kind: 'sighting', id })} />}
        {detail.kind === 'list' && (
          <SightingList params={detail.params} onOpenRecord={(id) => onOpen({ kind: 'sighting', id })} onHighlight={onHighlight ?? (() => {})} />
        )}
      </div>
    </aside>
  );
}
