import type { Outline } from './cluster';

/** Where the disruption page picks up a target handed to it (see the disruption page). */
export const NEW_TARGET_KEY = 'lantern.newTarget';
export const NEW_DISRUPTION_PATH = '/disruption/new';

/**
 * Hands a hot spot to the disruption page: stores it for the page to read, then moves
 * to the page the way the app's router listens for (history + popstate).
 */
export function planDisruption(target: { name: string; geometry: Outline }): void {
  sessionStorage.setItem(NEW_TARGET_KEY, JSON.stringify({ kind: 'hotspot', name: target.name, geometry: target.geometry }));
  window.history.pushState(null, '', NEW_DISRUPTION_PATH);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
