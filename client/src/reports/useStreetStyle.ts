import { useEffect, useState } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import { OFFLINE_STYLE, streetStyle } from '../map/basemap';

/**
 * Lantern's street style for a report's maps, or plain land where it cannot be had
 * (the PDF's print page holds a one-use ticket, not a session, so its map draws no streets).
 * Null until known, so a map is not drawn twice.
 */
export function useStreetStyle(): StyleSpecification | null {
  const [style, setStyle] = useState<StyleSpecification | null>(null);
  useEffect(() => {
    let live = true;
    streetStyle().then(
      (s) => live && setStyle(s),
      () => live && setStyle(OFFLINE_STYLE),
    );
    return () => {
      live = false;
    };
  }, []);
  return style;
}
