import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { signIn } from './support/browser.js';
import { browserSuite } from './support/suite.js';

const SHOTS = process.env.E2E_SCREENSHOTS ?? path.join(os.tmpdir(), 'lantern-e2e');

describe('area reports (Chromium)', function () {
  // The tests carry on from one another on one page: sign in, export, draw.
  const e2e = browserSuite({ viewport: { width: 1366, height: 900 }, context: { acceptDownloads: true }, goto: '/', onePage: true });
  let downloads: string;

  before(function () {
    downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-report-dl-'));
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(function () {
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  it('when a planner signs in, then the report page opens with a ward report whose small counts read "<5"', async function () {
    const page = e2e.page;
    await signIn(page, e2e.server.credentials.planner);
    await page.waitForURL('**/reports');
    const report = page.locator('.report');
    await report.waitFor({ timeout: 60_000 });
    expect(((await report.locator('h1').textContent()) ?? '').trim()).to.not.equal('');
    await page.locator('[data-testid="report-map"] canvas').waitFor();
    const text = (await report.textContent()) ?? '';
    expect(text).to.include('OFFICIAL-SENSITIVE');
    expect(text).to.include('Disclosure control');
    expect(text).to.include('<5');
    await page.screenshot({ path: path.join(SHOTS, 'reports-planner.png'), fullPage: false });
  });

  it('when the planner exports the ward as CSV and PDF with a purpose, then both files arrive and the PDF reads back marked on every page', async function () {
    const page = e2e.page;
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the area report' });
    await dialog.getByLabel('Purpose of this export').fill('Partnership meeting, automated test');
    await dialog.getByLabel('CSV').check();
    const [csv] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download CSV' }).click()]);
    const csvFile = path.join(downloads, csv.suggestedFilename());
    await csv.saveAs(csvFile);
    const lines = fs.readFileSync(csvFile, 'utf8').trim().split('\r\n');
    expect(lines[0]).to.equal('table,row,column,value');
    for (const line of lines.slice(1)) expect(line, line).to.not.match(/,[1-4]$/);

    await dialog.getByLabel('PDF').check();
    const [pdf, pdfResponse] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.waitForResponse((r) => r.url().includes('format=pdf'), { timeout: 120_000 }),
      dialog.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    // The PDF's map was drawn over the street basemap (read on the print ticket), with demo streets on it.
    const drawn = (await pdfResponse.allHeaders())['lantern-print-map'] ?? '';
    expect(drawn).to.match(/^streets; roads=[1-9]/);
    expect(decodeURIComponent(/names=([^;]*)/.exec(drawn)![1]!).split('|').length).to.be.above(0);
    const pdfFile = path.join(downloads, 'report.pdf');
    await pdf.saveAs(pdfFile);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' }))![1]);
    expect(pages).to.be.at.least(2);
    for (let i = 1; i <= pages; i++) {
      expect(execFileSync('pdftotext', ['-f', String(i), '-l', String(i), pdfFile, '-'], { encoding: 'utf8' }), `page ${i}`).to.include('OFFICIAL-SENSITIVE');
    }
    // Page 1 (the map) as an image to look at; a planner's PDF names no premises beside its cells.
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', pdfFile, path.join(SHOTS, 'reports-pdf')]);
    expect(execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' })).to.not.match(/, near /);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('when the planner draws an area, then its report is built for the drawn polygon', async function () {
    const page = e2e.page;
    await page.getByLabel('Area', { exact: true }).selectOption('drawn');
    const map = page.locator('[data-testid="report-draw-map"]');
    await map.locator('canvas').waitFor();
    await page.waitForTimeout(1000);
    const box = (await map.boundingBox())!;
    for (const [fx, fy] of [[0.35, 0.35], [0.65, 0.35], [0.65, 0.65], [0.35, 0.65]] as const) await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.waitForFunction(() => document.querySelector('.report h1')?.textContent === 'Drawn area', null, { timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, 'reports-drawn.png') });
  });
});
