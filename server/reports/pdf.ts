import { chromium, type Browser } from 'playwright-core';
import { serviceUnavailable } from '../http/errors.js';

/**
 * Prints HTML to PDF with Debian's Chromium driven by playwright-core. One browser per
 * process, launched on first use and shared by every report (a launch costs a second or
 * two); each print gets a context of its own, without script or network. Call
 * `closeReportBrowser()` on shutdown.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** How long one print may take. */
const PRINT_TIMEOUT_MS = 30_000;

let browser: Promise<Browser> | undefined;

function launch(): Promise<Browser> {
  browser ??= chromium
    .launch({ executablePath: CHROMIUM_PATH, args: ARGS, timeout: PRINT_TIMEOUT_MS })
    .then((b) => {
      // A crashed browser is launched afresh on the next print.
      b.on('disconnected', () => {
        browser = undefined;
      });
      return b;
    })
    .catch((err: unknown) => {
      browser = undefined;
      throw serviceUnavailable(`The PDF engine (Chromium at ${CHROMIUM_PATH}) could not start: ${(err as Error).message.split('\n')[0]}`);
    });
  return browser;
}

export interface PrintOptions {
  headerTemplate: string;
  footerTemplate: string;
}

/** A4 portrait PDF of a self-contained HTML page, with the header and footer on every page. */
export async function htmlToPdf(html: string, opts: PrintOptions): Promise<Buffer> {
  const b = await launch();
  const context = await b.newContext({ javaScriptEnabled: false, offline: true });
  try {
    // The report is self-contained; nothing may be fetched while printing it.
    await context.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.setDefaultTimeout(PRINT_TIMEOUT_MS);
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: opts.headerTemplate,
      footerTemplate: opts.footerTemplate,
      margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' },
    });
  } finally {
    await context.close().catch(() => {});
  }
}

/** Closes the shared browser, if one was launched (on shutdown, and after tests). */
export async function closeReportBrowser(): Promise<void> {
  const b = browser;
  browser = undefined;
  if (b) await (await b.catch(() => undefined))?.close().catch(() => {});
}
