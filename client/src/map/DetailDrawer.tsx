import { useEffect, useRef } from 'react';
import type { ApiError } from '../api';
import { AreaStatsPanel } from './AreaStatsPanel';
import type { Detail } from './detail';
import { PremisesSummary, VehicleSummary } from './PlaceSummaries';
import { RecordPanel } from './RecordPanel';

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
  onSessionProblem: (err: ApiError) => void;
}

const TITLES: Record<Detail['kind'], string> = {
  sighting: 'Sighting record',
  premises: 'Premises',
  vehicle: 'Vehicle',
  area: 'Area statistics',
  polygon: 'Drawn area statistics',
};

/** A panel over the map's right side for one thing: a record, a premises, a vehicle, or an area's statistics. */
export function DetailDrawer({ detail, canGoBack, onBack, onClose, onOpen, params, areaNames, onSessionProblem }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [detail]);
  return (
    <aside
      className="drawer"
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
          {detail.kind === 'area' ? detail.name : TITLES[detail.kind]}
        </h2>
        <button type="button" className="button button--small drawer__close" onClick={onClose} aria-label="Close the panel">
          ✕
        </button>
      </div>
      <div className="drawer__body">
        {detail.kind === 'sighting' && <RecordPanel id={detail.id} areaNames={areaNames} onOpen={onOpen} onSessionProblem={onSessionProblem} />}
        {detail.kind === 'premises' && <PremisesSummary id={detail.id} onSessionProblem={onSessionProblem} />}
        {detail.kind === 'vehicle' && <VehicleSummary id={detail.id} onSessionProblem={onSessionProblem} />}
        {(detail.kind === 'area' || detail.kind === 'polygon') && (
          <AreaStatsPanel target={detail.kind === 'area' ? { kind: 'area', id: detail.id } : { kind: 'polygon', geometry: detail.geometry }} params={params} onSessionProblem={onSessionProblem} />
        )}
      </div>
    </aside>
  );
}
