/**
 * Debian's Chromium driven by playwright-core, headless and quiet on the network
 * (no component updates, sync or background requests), so tests need no internet.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Credential } from './server.js';

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Fills the sign-in form by its labels and presses "Sign in". */
export async function signIn(page: Page, { username, password }: Credential): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Answers the purpose prompt that roles reading records see after signing in. */
export async function statePurpose(page: Page, purpose: string): Promise<void> {
  const field = page.getByLabel('Purpose', { exact: true });
  await field.waitFor();
  await field.fill(purpose);
  await page.getByRole('button', { name: 'Start', exact: true }).click();
}

/** The status of `GET /api/auth/me` with the page's cookies: 200 signed in, 401 not. */
export async function sessionStatus(page: Page): Promise<number> {
  const res = await page.request.get('/api/auth/me');
  return res.status();
}
