import type { Browser, Page } from 'playwright-core';
import { serviceUnavailable } from '../http/errors.js';
import { PRINT_COOKIE } from './tickets.js';

/**
 * Prints a page of the client to PDF with Debian's Chromium driven by playwright-core,
 * so maps in the PDF are the MapLibre rendering users see. One browser per process,
 * launched on first use and shared by every print (a launch costs a second or two);
 * each print gets a context of its own that may reach only the server's own origin.
 * Call `closePrintBrowser()` on shutdown.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** How long one print may take, ms. */
const PRINT_TIMEOUT_MS = 60_000;

let browser: Promise<Browser> | undefined;

function launch(): Promise<Browser> {
  // Loaded on first print: playwright-core is about 65 MB of a server's memory that most never use.
  browser ??= import('playwright-core')
    .then(({ chromium }) => chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, timeout: PRINT_TIMEOUT_MS }))
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

const MARGIN_BOXES = ['top-left', 'top-center', 'top-right', 'bottom-left', 'bottom-center', 'bottom-right'];
const PAGE_CSS = `@page { size: A4; margin: 15mm 14mm; ${MARGIN_BOXES.map((b) => `@${b} { content: none; }`).join(' ')} }`;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What runs along the top and bottom of every page. */
export interface RunningHeads {
  /** The protective marking, e.g. OFFICIAL-SENSITIVE */
  marking: string;
  /** What the document is about, top right (e.g. "Northgate · January to March 2026") */
  subject: string;
  generatedAt: Date | string;
  timeZone: string;
}

/** Running header and footer of every page: the marking, the subject, when it was made, page x of y. */
function templates(h: RunningHeads) {
  const generated = new Intl.DateTimeFormat('en-GB', { timeZone: h.timeZone, dateStyle: 'long', timeStyle: 'short' }).format(new Date(h.generatedAt));
  const box = 'font-family:"Liberation Sans","DejaVu Sans",Arial,sans-serif;font-size:7.5pt;color:#4a5565;width:100%;margin:0 14mm;display:flex;justify-content:space-between;align-items:center';
  const marking = `<span style="font-weight:bold;color:#9b1c1c;letter-spacing:.08em">${esc(h.marking)}</span>`;
  return {
    headerTemplate: `<div style='${box}'>${marking}<span>${esc(h.subject)}</span></div>`,
    footerTemplate: `<div style='${box}'><span>Generated ${esc(generated)} · Lantern (synthetic demo data)</span>${marking}<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}

export interface PrintJob<S> {
  /** The server itself, e.g. "http://127.0.0.1:3000" */
  origin: string;
  ticket: string;
  /** The client's print page, e.g. "/reports/print" */
  path: string;
  heads: RunningHeads;
  /** What kind of page this is, for error messages ("report", "profile") */
  what: string;
  /** Reads what the page drew, once it says it is ready and before it is printed. */
  inspect?: (page: Page) => Promise<S>;
}

/**
 * The PDF of a client print page: opens `origin + path` with the print ticket as a
 * cookie, waits until the page says it has drawn (`data-print-state="ready"`, maps
 * included, or "failed"), and prints it A4 portrait with the running heads.
 */
export async function printToPdf<S = undefined>(job: PrintJob<S>): Promise<{ pdf: Buffer; seen: S | undefined }> {
  const { origin, what } = job;
  const b = await launch();
  const context = await b.newContext({ viewport: { width: 794, height: 1123 }, deviceScaleFactor: 2 });
  try {
    // Nothing but the server's own origin may be reached while printing.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      return url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:') ? route.continue() : route.abort();
    });
    await context.addCookies([{ name: PRINT_COOKIE, value: job.ticket, url: origin, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    page.setDefaultTimeout(PRINT_TIMEOUT_MS);
    try {
      await page.goto(`${origin}${job.path}`, { waitUntil: 'load' });
      await page.waitForSelector('[data-print-state="ready"], [data-print-state="failed"]');
    } catch (err) {
      throw serviceUnavailable(`The ${what} page did not finish drawing for the PDF: ${(err as Error).message.split('\n')[0]}`);
    }
    const failed = await page.$('[data-print-state="failed"]');
    if (failed) throw serviceUnavailable(`The ${what} page could not be drawn for printing: ${(await failed.textContent())?.trim() ?? 'unknown error'}`);
    const seen = job.inspect ? await job.inspect(page) : undefined;
    // Last in the cascade: this print's page box and running heads are the templates below,
    // whatever @page rules the pages' stylesheets in the bundle carry.
    await page.addStyleTag({ content: PAGE_CSS });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      ...templates(job.heads),
      margin: { top: '15mm', bottom: '15mm', left: '14mm', right: '14mm' },
      preferCSSPageSize: false,
    });
    return { pdf, seen };
  } finally {
    await context.close().catch(() => {});
  }
}

/** Closes the shared browser, if one was launched (on shutdown, and after tests). */
export async function closePrintBrowser(): Promise<void> {
  const b = browser;
  browser = undefined;
  if (b) await (await b.catch(() => undefined))?.close().catch(() => {});
}
