/**
 * The one harness of the browser tests: a Lantern server (fresh embedded database,
 * small demo town) and Chromium for the suite, and a fresh context and page for each
 * test that records the page's problems and any request that leaves the server.
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
  /** Where the test's page starts; by default it stays blank, as do the pages of `newPage`. */
  goto?: string;
  /** Options of the server (size of the demo town, start timeout). */
  server?: StartOptions;
  /** One context and page for the whole suite, for tests that carry on from one another. */
  onePage?: boolean;
  /** On a failed test, a full-page screenshot of each of its pages, at `<prefix>-<n>.png`. */
  failureScreenshots?: string;
}

export interface BrowserSuite {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** The current test's context and page (the suite's, with `onePage`). */
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors (CSP violations among them) and uncaught exceptions of the current test's pages. */
  readonly problems: string[];
  /** Paths and queries of the current test's pages' requests to the server, in order. */
  readonly requests: string[];
  /** Requests of the current test's pages that left the server's origin: the app must work offline. */
  readonly foreignRequests: string[];
  /** A further context on the same server with the suite's settings (for a second user); the caller closes it. */
  newContext(more?: BrowserContextOptions): Promise<BrowserContext>;
  /**
   * A further blank page of the current test in a context of its own (a second user,
   * another window size), watched like the first and closed after the test.
   */
  newPage(more?: BrowserContextOptions): Promise<Page>;
}

/** Registers the suite's hooks in the calling `describe` and returns what they set up. */
export function browserSuite(opts: SuiteOptions = {}): BrowserSuite {
  const s = { problems: [] as string[], requests: [] as string[], foreignRequests: [] as string[] } as { -readonly [K in keyof BrowserSuite]: BrowserSuite[K] };
  /** Contexts opened for the current test, closed after it. */
  let testContexts: BrowserContext[] = [];

  s.newContext = (more = {}) =>
    s.browser.newContext({
      baseURL: s.server.url,
      viewport: opts.viewport ?? { width: 1280, height: 900 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      ...opts.context,
      ...more,
    });

  const watch = async (context: BrowserContext): Promise<Page> => {
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !opts.expectedConsole?.test(msg.text())) s.problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => s.problems.push(`exception: ${err.message}`));
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.origin === s.server.url) s.requests.push(`${url.pathname}${url.search}`);
      else if (!['data:', 'blob:'].includes(url.protocol)) s.foreignRequests.push(req.url());
    });
    opts.onPage?.(page);
    return page;
  };

  s.newPage = async (more = {}) => {
    const context = await s.newContext(more);
    testContexts.push(context);
    return watch(context);
  };

  const openMain = async () => {
    s.context = await s.newContext();
    s.page = await watch(s.context);
    if (opts.goto) await s.page.goto(opts.goto);
  };

  before(async function () {
    s.server = await startServer(opts.server);
    s.browser = await launchChromium();
    if (opts.onePage) await openMain();
  });

  after(async function () {
    if (opts.onePage) await s.context?.close();
    await s.browser?.close();
    await s.server?.stop();
  });

  beforeEach(async function () {
    s.problems = [];
    s.requests = [];
    s.foreignRequests = [];
    testContexts = [];
    if (!opts.onePage) {
      await openMain();
      testContexts.push(s.context);
    }
  });

  afterEach(async function () {
    if (opts.failureScreenshots && this.currentTest?.state === 'failed') {
      const pages = [...(opts.onePage ? [s.page] : []), ...testContexts.flatMap((c) => c.pages())];
      for (const [i, p] of pages.entries()) await p.screenshot({ path: `${opts.failureScreenshots}-${i}.png`, fullPage: true }).catch(() => undefined);
    }
    for (const c of testContexts) await c.close();
    testContexts = [];
  });

  return s;
}
