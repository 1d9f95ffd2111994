/**
 * The one harness of the browser tests: a Lantern server (fresh embedded database,
 * small demo town) and Chromium for the suite, and a fresh context and page for each
 * test that records the page's problems.
 *
 *   describe('…', function () {
 *     const e2e = browserSuite({ expectedConsole: /… status of 401/ });
 *     it('…', async () => {
 *       await signIn(e2e.page, e2e.server.credentials.analyst);
 *       expect(e2e.problems).to.deep.equal([]);
 *     });
 *   });
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { startServer, type RunningServer, type StartOptions } from './server.js';

export interface SuiteOptions {
  /** Browser window size; default 1280 × 900. */
  viewport?: { width: number; height: number };
  /** More context options (e.g. `acceptDownloads`). */
  context?: BrowserContextOptions;
  /** Console errors that are expected (Chromium logs every 4xx fetch) and so not counted as problems. */
  expectedConsole?: RegExp;
  /** Called with each new page before it navigates, e.g. to watch its requests. */
  onPage?: (page: Page) => void;
  /** Where each test's page starts; by default it stays blank. */
  goto?: string;
  /** Options of the server (size of the demo town, start timeout). */
  server?: StartOptions;
}

export interface BrowserSuite {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** The current test's context and page. */
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors (CSP violations among them) and uncaught exceptions of the current test's page. */
  readonly problems: string[];
  /** A further context on the same server with the suite's settings (for a second user). */
  newContext(more?: BrowserContextOptions): Promise<BrowserContext>;
}

/** Registers the suite's hooks in the calling `describe` and returns what they set up. */
export function browserSuite(opts: SuiteOptions = {}): BrowserSuite {
  const s = { problems: [] as string[] } as { -readonly [K in keyof BrowserSuite]: BrowserSuite[K] };
  s.newContext = (more = {}) =>
    s.browser.newContext({
      baseURL: s.server.url,
      viewport: opts.viewport ?? { width: 1280, height: 900 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      ...opts.context,
      ...more,
    });

  before(async function () {
    s.server = await startServer(opts.server);
    s.browser = await launchChromium();
  });

  after(async function () {
    await s.browser?.close();
    await s.server?.stop();
  });

  beforeEach(async function () {
    s.problems = [];
    s.context = await s.newContext();
    s.page = await s.context.newPage();
    const problems = s.problems;
    s.page.on('console', (msg) => {
      if (msg.type() === 'error' && !opts.expectedConsole?.test(msg.text())) problems.push(`console: ${msg.text()}`);
    });
    s.page.on('pageerror', (err) => problems.push(`exception: ${err.message}`));
    opts.onPage?.(s.page);
    if (opts.goto) await s.page.goto(opts.goto);
  });

  afterEach(async function () {
    await s.context?.close();
  });

  return s;
}
