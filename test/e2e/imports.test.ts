import fs from 'node:fs';
import { expect } from 'chai';
import { signIn, statePurpose } from './support/browser.js';
import { browserSuite } from './support/suite.js';
import { COLUMNS } from '../../server/imports/columns.js';

/** Chromium logs every 4xx fetch: the 401 of the /me probe before sign-in and the 422 of the strict-mode refusal are expected. */
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of (401|422)/;

/** A partner's small sightings file (synthetic, in the demo town); line 5 has a category Lantern does not know. */
function partnerCsv(prefix: string): string {
  const rows = [
    'external_ref,observed_at,easting,northing,lat,lon,category,source_agency,source_eval,intel_assessment,handling_code,narrative',
    `${prefix}-1,2026-03-06 22:15,,,53.5790,-2.4290,adult_loitering,youth_service,2,B,P,"Synthetic: two adults waiting by the gate, one in a car"`,
    `${prefix}-2,06/03/2026 23:40,371700,409200,,,young_person_collected,youth_service,2,C,P,Synthetic: collected by an unknown driver`,
    `${prefix}-3,2026-03-07 21:05,,,53.5770,-2.4310,vehicle_of_interest,youth_service,3,C,P,Synthetic: same car seen again`,
    `${prefix}-4,2026-03-07 22:50,,,53.5802,-2.4275,loitering_about,youth_service,2,B,P,Synthetic: bad category`,
    `${prefix}-5,2026-03-08 00:20,,,53.5781,-2.4302,party_address,youth_service,2,B,C,"Synthetic: music, several young people"`,
    `${prefix}-6,2026-03-08 01:10,SD 71650 09150,,,,other,youth_service,2,D,P,Synthetic: grid reference`,
  ];
  return rows.join('\n') + '\n';
}

describe('imports page (Chromium)', function () {
  const e2e = browserSuite({ expectedConsole: EXPECTED_CONSOLE, context: { acceptDownloads: true } });

  it('when the demo admin uploads a CSV with one bad row, then the report names its line, downloads as CSV, and strict mode refuses the file', async function () {
    await e2e.page.goto('/imports');
    await signIn(e2e.page, e2e.server.credentials.admin);
    await statePurpose(e2e.page, 'E2E check: partner import');
    await e2e.page.getByRole('heading', { name: 'Imports', level: 1 }).waitFor();
    expect(await e2e.page.getByRole('navigation').getByRole('link', { name: 'Imports' }).getAttribute('aria-current')).to.equal('page');

    // Sightings the partner's file could add to: counted before, so the demo town's own do not matter.
    const inWindow = async () => {
      const r = await e2e.page.request.get('/api/sightings?from=2026-03-06&to=2026-03-09&agency=youth_service&bbox=-2.45,53.56,-2.41,53.60&limit=1');
      expect(r.status()).to.equal(200);
      return (await r.json()).numberMatched as number;
    };
    const before = await inWindow();
    const prefix = `E2E-${Date.now().toString(36)}`;
    const csv = partnerCsv(prefix);
    await e2e.page.getByLabel('Kind', { exact: true }).selectOption('sightings');
    await e2e.page.locator('#import-file').setInputFiles({ name: 'partner-sightings.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    expect(await e2e.page.locator('.drop-zone__title').innerText()).to.equal('partner-sightings.csv');
    await e2e.page.getByRole('button', { name: 'Import', exact: true }).click();

    await e2e.page.getByRole('heading', { name: 'Imported partner-sightings.csv' }).waitFor();
    const count = async (label: string) => e2e.page.locator('.import-counts__item').filter({ has: e2e.page.getByText(label, { exact: true }) }).locator('dd').innerText();
    expect(await count('Rows read')).to.equal('6');
    expect(await count('Inserted')).to.equal('5');
    expect(await count('Rejected')).to.equal('1');

    // The report: the bad row by its line in the file (the header is line 1), the field and why.
    const report = e2e.page.locator('.import-report__table tbody tr');
    expect(await report.count()).to.equal(1);
    expect(await report.first().locator('td').allInnerTexts()).to.deep.equal(['5', 'category', 'unknown category "loitering_about"']);

    const [download] = await Promise.all([e2e.page.waitForEvent('download'), e2e.page.getByRole('button', { name: 'Download report (CSV)' }).click()]);
    expect(download.suggestedFilename()).to.equal('partner-sightings-rejected-rows.csv');
    const saved = fs.readFileSync((await download.path())!, 'utf8');
    expect(saved).to.equal('row,field,reason\r\n5,category,"unknown category ""loitering_about"""\r\n');

    // The past imports list has it, newest first.
    const latest = e2e.page.locator('.past-imports__table tbody tr').first();
    await latest.filter({ hasText: 'partner-sightings.csv' }).waitFor();
    expect(await latest.locator('td').allInnerTexts()).to.include.members(['sightings', 'partner-sightings.csv', 'Done', '6', '5', '1']);
    await e2e.page.screenshot({ path: '/tmp/lantern-imports-report.png', fullPage: true });

    // The same file dropped again in strict mode: refused, nothing written, the same line named.
    await e2e.page.getByLabel('Strict mode: import nothing if any row is bad').check();
    const dropped = await e2e.page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'partner-sightings-again.csv', { type: 'text/csv' }));
      return dt;
    }, partnerCsv(`${prefix}-strict`));
    await e2e.page.dispatchEvent('label.drop-zone', 'drop', { dataTransfer: dropped });
    expect(await e2e.page.locator('.drop-zone__title').innerText()).to.equal('partner-sightings-again.csv');
    expect(await e2e.page.locator('#import-file').evaluate((el) => (el as HTMLInputElement).files?.[0]?.name)).to.equal('partner-sightings-again.csv');
    await e2e.page.getByRole('button', { name: 'Import', exact: true }).click();
    await e2e.page.getByRole('heading', { name: 'Nothing imported from partner-sightings-again.csv' }).waitFor();
    expect(await e2e.page.getByRole('alert').innerText()).to.match(/Strict mode: 1 row failed validation, so nothing was imported/);
    expect(await report.first().locator('td').allInnerTexts()).to.deep.equal(['5', 'category', 'unknown category "loitering_about"']);
    await e2e.page.locator('.past-imports__table tbody tr').first().filter({ hasText: 'Refused (strict mode)' }).waitFor();
    await e2e.page.screenshot({ path: '/tmp/lantern-imports-strict.png', fullPage: true });

    // The lenient file's five good rows reached the database; nothing of the strict one did.
    expect(await inWindow()).to.equal(before + 5);
    expect(e2e.problems).to.deep.equal([]);
  });

  it('when the admin picks a kind, then its columns are listed, the template downloads and imports back, and a misnamed column is named once', async function () {
    await e2e.page.goto('/imports');
    await signIn(e2e.page, e2e.server.credentials.admin);
    await statePurpose(e2e.page, 'E2E check: import columns');
    await e2e.page.getByRole('heading', { name: 'Imports', level: 1 }).waitFor();

    // The list is the server's own (server/imports/columns.ts), required columns marked.
    const table = e2e.page.locator('.import-columns__table');
    await e2e.page.getByRole('heading', { name: 'Columns of a sightings file' }).waitFor();
    const listed = await table.locator('tbody tr td:first-child').allInnerTexts();
    expect(listed).to.deep.equal(COLUMNS.sightings.columns.map((c) => c.name));
    const needOf = async (name: string) => table.locator('tbody tr').filter({ has: e2e.page.getByText(name, { exact: true }) }).locator('td').nth(1).innerText();
    expect(await needOf('source_eval')).to.equal('Required');
    expect(await needOf('grid_ref')).to.equal('Location');
    expect(await needOf('narrative')).to.equal('Optional');
    expect(await table.locator('tbody tr').filter({ has: e2e.page.getByText('category', { exact: true }) }).innerText()).to.match(/adult_loitering/);
    await e2e.page.screenshot({ path: '/tmp/lantern-imports-columns.png', fullPage: true });

    const [download] = await Promise.all([e2e.page.waitForEvent('download'), e2e.page.getByRole('link', { name: 'Download a template (CSV)' }).click()]);
    expect(download.suggestedFilename()).to.equal('lantern-sightings-template.csv');
    const template = fs.readFileSync((await download.path())!, 'utf8');
    const lines = template.split('\r\n');
    expect(lines[0]).to.equal(COLUMNS.sightings.columns.map((c) => c.name).join(','));
    expect(lines).to.have.length(3);

    // The template as downloaded imports cleanly: one row in, no warning.
    await e2e.page.locator('#import-file').setInputFiles({ name: 'lantern-sightings-template.csv', mimeType: 'text/csv', buffer: Buffer.from(template) });
    await e2e.page.getByRole('button', { name: 'Import', exact: true }).click();
    await e2e.page.getByRole('heading', { name: 'Imported lantern-sightings-template.csv' }).waitFor();
    const count = async (label: string) => e2e.page.locator('.import-counts__item').filter({ has: e2e.page.getByText(label, { exact: true }) }).locator('dd').innerText();
    expect(await count('Inserted')).to.equal('1');
    expect(await count('Rejected')).to.equal('0');
    expect(await e2e.page.locator('.import-column-notes').count()).to.equal(0);

    // A required column under another name: refused once, the column named with the one meant.
    const misnamed = template.replace('source_eval', 'source_evaluation').replace('EXAMPLE-1', 'EXAMPLE-2');
    await e2e.page.locator('#import-file').setInputFiles({ name: 'misnamed.csv', mimeType: 'text/csv', buffer: Buffer.from(misnamed) });
    await e2e.page.getByRole('button', { name: 'Import', exact: true }).click();
    await e2e.page.getByRole('heading', { name: 'Nothing imported from misnamed.csv' }).waitFor();
    const notes = e2e.page.locator('.import-column-notes li');
    expect(await notes.allInnerTexts()).to.deep.equal([
      'source_eval is required, and the file has no such column',
      'source_evaluation is not a column Lantern reads for sightings: did you mean "source_eval"?',
    ]);
    expect(await e2e.page.locator('.import-report__table').count(), 'no row-by-row report').to.equal(0);
    await e2e.page.locator('.past-imports__table tbody tr').first().filter({ hasText: 'Refused (columns)' }).waitFor();
    await e2e.page.screenshot({ path: '/tmp/lantern-imports-misnamed.png', fullPage: true });

    // An extra column beside a complete header: the row imports and the report warns.
    const extra = template.replace('\r\n', ',weather\r\n').replace(/\r\n$/, ',dry\r\n').replace('EXAMPLE-1', 'EXAMPLE-3');
    await e2e.page.locator('#import-file').setInputFiles({ name: 'extra.csv', mimeType: 'text/csv', buffer: Buffer.from(extra) });
    await e2e.page.getByRole('button', { name: 'Import', exact: true }).click();
    await e2e.page.getByRole('heading', { name: 'Imported extra.csv' }).waitFor();
    expect(await count('Inserted')).to.equal('1');
    expect(await notes.allInnerTexts()).to.deep.equal(['weather is not a column Lantern reads for sightings, so its values were not imported']);
    await e2e.page.screenshot({ path: '/tmp/lantern-imports-warning.png', fullPage: true });

    // Another kind, another list and template.
    await e2e.page.getByLabel('Kind', { exact: true }).selectOption('vehicles');
    await e2e.page.getByRole('heading', { name: 'Columns of a vehicles register' }).waitFor();
    expect(await table.locator('tbody tr td:first-child').allInnerTexts()).to.deep.equal(['plate', 'licence_no', 'operator_ref', 'make', 'colour']);
    expect(await e2e.page.getByRole('link', { name: 'Download a template (CSV)' }).getAttribute('href')).to.equal('/api/imports/template/vehicles');
    expect(e2e.problems).to.deep.equal([]);
  });
});
