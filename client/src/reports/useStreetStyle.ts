import { useEffect, useState } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import { OFFLINE_STYLE, streetStyle } from '../map/basemap';

/** Where the PDF's print page reads the street style: under the reports routes, on its print ticket (it has no session). */
export const PRINT_STYLE_URL = '/api/reports/print/basemap/style.json';

/**
 * Lantern's street style for a report's maps (from `url`, by default the signed-in
 * one), or plain land (`OFFLINE_STYLE`) where it cannot be had. Null until known, so a
 * map is not drawn twice.
 */
export function useStreetStyle(url?: string): StyleSpecification | null {
  const [style, setStyle] = useState<StyleSpecification | null>(null);
  useEffect(() => {
    let live = true;
    streetStyle(url).then(
      (s) => live && setStyle(s),
      () => live && setStyle(OFFLINE_STYLE),
    );
    return () => {
      live = false;
    };
  }, [url]);
  return style;
}
