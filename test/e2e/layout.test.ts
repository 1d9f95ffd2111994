import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { signIn, statePurpose } from './support/browser.js';
import { browserSuite } from './support/suite.js';

const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 401/;
const shot = (name: string) => path.join(os.tmpdir(), `lantern-layout-${name}.png`);

describe('layout for every role (Chromium, 1366 × 768)', function () {
  const e2e = browserSuite({ viewport: { width: 1366, height: 768 }, expectedConsole: EXPECTED_CONSOLE, goto: '/' });

  for (const role of ['analyst', 'licensing', 'planner', 'admin'] as const) {
    it(`when the ${role} signs in at 1366 px, then the header is one row: the pages, who is signed in and Sign out side by side`, async function () {
      await signIn(e2e.page, e2e.server.credentials[role]);
      if (role !== 'planner') await statePurpose(e2e.page, `E2E check: the ${role}'s header`);
      const signOut = e2e.page.getByRole('button', { name: 'Sign out', exact: true });
      await signOut.waitFor();
      const nav = await e2e.page.getByRole('navigation', { name: 'Pages' }).boundingBox();
      const button = await signOut.boundingBox();
      const header = await e2e.page.locator('.app-header').boundingBox();
      expect(nav && button && header, 'header parts drawn').to.not.equal(null);
      const mid = (b: { y: number; height: number }) => b.y + b.height / 2;
      expect(Math.abs(mid(button!) - mid(nav!)), 'Sign out on the pages\' row').to.be.below(nav!.height / 2);
      expect(header!.height, 'header height').to.be.below(80);
      expect(button!.x + button!.width, 'Sign out inside the window').to.be.at.most(1366);
      await e2e.page.screenshot({ path: shot(`header-${role}`), clip: { x: 0, y: 0, width: 1366, height: 140 } });
      expect(e2e.problems).to.deep.equal([]);
    });
  }

  for (const role of ['admin', 'analyst'] as const) {
    it(`when the ${role} signs in on a narrower laptop or a tablet (1280, 1024 px), then the header fits the window: no sideways scroll, Sign out inside it`, async function () {
      await signIn(e2e.page, e2e.server.credentials[role]);
      await statePurpose(e2e.page, `E2E check: the ${role}'s header on a narrower window`);
      const signOut = e2e.page.getByRole('button', { name: 'Sign out', exact: true });
      for (const width of [1280, 1024]) {
        await e2e.page.setViewportSize({ width, height: 800 });
        await signOut.waitFor();
        const wide = await e2e.page.evaluate(() => document.documentElement.scrollWidth);
        const button = await signOut.boundingBox();
        await e2e.page.screenshot({ path: shot(`header-${role}-${width}`), clip: { x: 0, y: 0, width, height: 160 } });
        expect(wide, `the page's width at ${width} px`).to.be.at.most(width);
        expect(button!.x + button!.width, `Sign out inside the window at ${width} px`).to.be.at.most(width);
      }
      await e2e.page.setViewportSize({ width: 1366, height: 768 });
      expect(e2e.problems).to.deep.equal([]);
    });
  }

  it('when a licensing officer opens the address of a page the role may not use, then it says "Not permitted" there, not the map', async function () {
    await signIn(e2e.page, e2e.server.credentials.licensing);
    await statePurpose(e2e.page, 'E2E check: a page not permitted');
    await e2e.page.goto('/imports');
    await e2e.page.getByRole('heading', { name: 'Not permitted' }).waitFor();
    expect(await e2e.page.getByRole('main').innerText()).to.match(/licensing officer role may not use Imports/);
    expect(await e2e.page.getByTestId('map').count()).to.equal(0);
    expect(new URL(e2e.page.url()).pathname).to.equal('/imports');
    await e2e.page.getByRole('main').getByRole('link', { name: 'Look-up' }).click();
    await e2e.page.waitForFunction(() => window.location.pathname === '/licensing');
    expect(e2e.problems).to.deep.equal([]);
  });

  it('when an analyst types a date on the map, then it reads day first (en-GB) whatever the browser\'s locale', async function () {
    await signIn(e2e.page, e2e.server.credentials.analyst);
    await statePurpose(e2e.page, 'E2E check: dates day first');
    const from = e2e.page.locator('#filter-from');
    await from.waitFor();
    expect(await from.getAttribute('placeholder')).to.equal('dd/mm/yyyy');
    await from.fill('01/02/2026');
    await from.press('Enter');
    await e2e.page.waitForFunction(() => new URL(location.href).searchParams.get('from') === '2026-02-01');
    expect(await from.inputValue()).to.equal('01/02/2026');
    await from.fill('31/02/2026');
    await from.press('Enter');
    expect(await from.getAttribute('aria-invalid')).to.equal('true');
    expect(new URL(e2e.page.url()).searchParams.get('from')).to.equal('2026-02-01');
    expect(e2e.problems).to.deep.equal([]);
  });
});

describe('layout on a phone (Chromium, 390 × 844)', function () {
  const e2e = browserSuite({ viewport: { width: 390, height: 844 }, expectedConsole: EXPECTED_CONSOLE, goto: '/' });

  for (const [role, pages] of [['analyst', ['tokens', 'reports']], ['admin', ['imports', 'tokens', 'admin']]] as const) {
    it(`when the ${role} opens ${pages.join(', ')} on a phone, then each page fits the window and its wide tables scroll in their own box`, async function () {
      await signIn(e2e.page, e2e.server.credentials[role]);
      await statePurpose(e2e.page, `E2E check: the ${role}'s pages on a phone`);
      for (const page of pages) {
        await e2e.page.goto(`/${page}`);
        await e2e.page.locator('main h1').first().waitFor();
        await e2e.page.locator('main table').first().waitFor();
        const wide = await e2e.page.evaluate(() => document.documentElement.scrollWidth);
        await e2e.page.screenshot({ path: shot(`phone-${role}-${page}`), fullPage: true });
        expect(wide, `/${page}'s width on a 390 px phone`).to.be.at.most(390);
      }
      expect(e2e.problems).to.deep.equal([]);
    });
  }

  it('when a planner reads an area report on a phone, then the report reflows to the screen: nothing runs past its edge, side-by-side parts stack, and its map is as wide as its text', async function () {
    await signIn(e2e.page, e2e.server.credentials.planner);
    await e2e.page.waitForURL('**/reports');
    await e2e.page.locator('.report').waitFor({ timeout: 60_000 });
    await e2e.page.locator('[data-testid="report-map"] canvas').waitFor();
    await e2e.page.screenshot({ path: shot('phone-planner-report'), fullPage: true });
    // Read in one frame, as above (and no helper function inside, for the same reason).
    const at = await e2e.page.evaluate(() => {
      const report = document.querySelector('.report')!;
      const box = report.getBoundingClientRect();
      const style = getComputedStyle(report);
      const inner = { left: box.left + parseFloat(style.paddingLeft), right: box.right - parseFloat(style.paddingRight) };
      const over = [...report.querySelectorAll('*')]
        .filter((el) => !el.closest('.maplibregl-control-container, svg'))
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.right > inner.right + 1 || r.left < inner.left - 1))
        .map(({ el, r }) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)}: ${(el.textContent ?? '').trim().slice(0, 30)}`);
      const pairs = [...report.querySelectorAll('.report__two')].map((two) => {
        const [a, b] = [...two.children].map((c) => c.getBoundingClientRect());
        return { firstBottom: a!.bottom, secondTop: b!.top };
      });
      const map = report.querySelector('[data-testid="report-map"]')!.getBoundingClientRect();
      return { textWidth: inner.right - inner.left, over: over.slice(0, 8), overCount: over.length, pairs, map: { width: map.width, height: map.height } };
    });
    expect(at.over, `${at.overCount} elements of the report run past its text's edges`).to.deep.equal([]);
    expect(at.textWidth, "the report's text width on a 390 px phone (172 px when it kept A4's margins)").to.be.at.least(300);
    expect(at.pairs.length).to.be.above(0);
    for (const p of at.pairs) expect(p.secondTop, 'the second of two side-by-side parts comes below the first').to.be.at.least(p.firstBottom);
    expect(at.map.width, "the map's width").to.be.at.least(at.textWidth - 2);
    expect(at.map.height, 'the map is no taller than 1.2 times its width').to.be.at.most(at.map.width * 1.2);
    expect(e2e.problems).to.deep.equal([]);
  });

  it('when an analyst opens the map on a phone, then the footer comes after the panel and the map, never over them, and playback can be started', async function () {
    await signIn(e2e.page, e2e.server.credentials.analyst);
    await statePurpose(e2e.page, 'E2E check: the map on a phone');
    await e2e.page.getByTestId('map').waitFor();
    // All three read in one frame: the panel grows as its figures arrive, and positions read one
    // after another could straddle that (CI once read the footer at 3,092 px, then the map's bottom at 3,136).
    // (No helper function inside: tsx would name it with a helper the page does not have.)
    const at = await e2e.page.evaluate(() => ({
      footer: document.querySelector('.app-footer')!.getBoundingClientRect().top,
      panel: document.querySelector('.workspace__panel')!.getBoundingClientRect().bottom,
      map: document.querySelector('[data-testid=map]')!.getBoundingClientRect().bottom,
    }));
    expect(at.footer, 'footer below the panel').to.be.at.least(at.panel);
    expect(at.footer, 'footer below the map').to.be.at.least(at.map);
    // Tapped as a user would: scrolled to, and not covered by anything.
    await e2e.page.getByRole('button', { name: 'Play', exact: true }).click({ timeout: 10_000 });
    await e2e.page.getByRole('button', { name: 'Pause', exact: true }).or(e2e.page.getByRole('button', { name: 'Resume', exact: true })).waitFor();
    await e2e.page.getByRole('button', { name: 'Stop', exact: true }).click();
    await e2e.page.screenshot({ path: shot('map-phone'), fullPage: true });
    expect(e2e.problems).to.deep.equal([]);
  });
});
