import type { ReactNode } from 'react';

interface Props {
  /** The side panel: overview, filters, record details. */
  panel: ReactNode;
  /** The map; when absent the panel takes the whole width. */
  map?: ReactNode;
}

/** The signed-in body: a panel beside the map on wide screens, stacked on narrow ones. */
export function Workspace({ panel, map }: Props) {
  return (
    <div className={map ? 'workspace workspace--with-map' : 'workspace'}>
      <div className="workspace__panel">{panel}</div>
      {map && <div className="workspace__map">{map}</div>}
    </div>
  );
}
