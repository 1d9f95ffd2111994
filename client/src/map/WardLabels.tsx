import { memo, useMemo } from 'react';
import { Marker } from '@vis.gl/react-maplibre';
import type { AreaFeature } from './api';
import { labelPoint } from './geometry';

/**
 * Area names as HTML labels at each area's centre (HTML, so the offline map needs
 * no glyph files). Hidden from screen readers: the area picker lists the same names.
 */
export const WardLabels = memo(function WardLabels({ areas }: { areas: AreaFeature[] }) {
  const labels = useMemo(
    () =>
      areas.flatMap((a) => {
        const at = labelPoint(a.geometry);
        return at ? [{ id: a.id, name: a.properties.name, at }] : [];
      }),
    [areas],
  );
  return (
    <>
      {labels.map((l) => (
        <Marker key={l.id} longitude={l.at[0]} latitude={l.at[1]} anchor="center" className="ward-label-marker">
          <span className="ward-label" aria-hidden="true">
            {l.name}
          </span>
        </Marker>
      ))}
    </>
  );
});
