/**
 * Helpers for driving the map page in Chromium: waiting until it has drawn the
 * latest sightings, reading the count and the position from the page and its URL.
 */
import type { Page } from 'playwright-core';
import type { Credential } from './server.js';
import { signIn, statePurpose } from './browser.js';

/** Digits of a figure as the page shows it ("1,234" → 1234; "<5" → 5). */
export const figure = (text: string): number => Number(text.replace(/[^\d]/g, ''));

/** The map container's `data-rendered` counter: cluster results drawn so far. */
export async function renderedCount(page: Page): Promise<number> {
  return Number((await page.locator('[data-testid=map]').getAttribute('data-rendered')) ?? 0);
}

/**
 * Waits until the map has drawn the answer to its latest request (`data-state=ready`),
 * and, with `after`, until it has drawn more results than that.
 */
export async function waitForMap(page: Page, { after = -1, timeout = 30_000 }: { after?: number; timeout?: number } = {}): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector<HTMLElement>('[data-testid=map]');
      return el?.dataset.state === 'ready' && Number(el.dataset.rendered) > n;
    },
    after,
    { timeout },
  );
}

/** The number in `[data-testid=visible-count]` once it answers the current view. */
export async function visibleCount(page: Page): Promise<{ text: string; n: number }> {
  const count = page.locator('[data-testid=visible-count][data-state=ready]');
  await count.waitFor();
  const text = (await count.innerText()).trim();
  return { text, n: figure(text) };
}

/** `map=zoom/lat/lon` from the page's URL. */
export function positionOf(page: Page): { zoom: number; lat: number; lon: number; text: string } | null {
  const text = new URL(page.url()).searchParams.get('map');
  if (!text) return null;
  const [zoom, lat, lon] = text.split('/').map(Number) as [number, number, number];
  return { zoom, lat, lon, text };
}

/** Signs in and, for roles that read records, states a purpose; then waits for the map. */
export async function signInToMap(page: Page, who: Credential, purpose?: string): Promise<void> {
  await signIn(page, who);
  if (purpose) await statePurpose(page, purpose);
  await waitForMap(page);
}
