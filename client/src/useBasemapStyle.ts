import { useEffect, useState } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import { basemap } from './map/api';
import { basemapStyle, OFFLINE_STYLE, streetStyle } from './map/basemap';
import { useRemote } from './useRemote';

/** Which basemap a small map draws on: the one configured, plain land, or the street style at a URL (a print ticket's). */
export type BasemapChoice = 'configured' | 'offline' | { styleUrl: string };

/**
 * The MapLibre style of a small map's basemap, null while it loads. Whatever fails to
 * load falls back to plain land, so the map still shows its own layers.
 */
export function useBasemapStyle(choice: BasemapChoice): StyleSpecification | string | null {
  const configured = choice === 'configured';
  const styleUrl = typeof choice === 'object' ? choice.styleUrl : null;
  const config = useRemote(configured ? 'basemap' : null, basemap);
  const [style, setStyle] = useState<StyleSpecification | string | null>(null);
  useEffect(() => {
    const offline = () => setStyle(OFFLINE_STYLE);
    if (styleUrl) streetStyle(styleUrl).then(setStyle, offline);
    else if (!configured || config.error) offline();
    else if (config.data) basemapStyle(config.data).then(setStyle, offline);
  }, [styleUrl, configured, config.data, config.error]);
  return style;
}
