/**
 * The stagnan list in Chromium: a participant enters an innovation in Penerapan with no evidence
 * and syncs; the admin signs in, opens "Stagnan", sees it listed with why ("belum ada bukti"),
 * sets its follow-up (penanggung jawab, target hh/bb/tttt, notes; a bad date refused first),
 * which the server keeps, then "Cetak daftar stagnan": under print media only the document shows
 * with its title, criterion, the eight columns, the row with the follow-up and the "Mengetahui"
 * block, and page.pdf() gives a landscape PDF. axe finds no violation on either screen.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { createAdmin, deviceToken, ta } from './lib/admin.ts';
import { axeViolations, formatViolations } from './lib/axe.ts';
import { eventually, fillRequired, idbAll, save, tx } from './lib/app.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import type { RealServer } from './lib/real-server.ts';
import { serveApp, USE_REAL_SERVER } from './lib/serve.ts';
import { createWorkshop, joinWorkshop, syncUntilSent } from './lib/workshop.ts';

const ADMIN_USER = 'pusat';
const ADMIN_PASS = 'sandi-kantor-pusat-2026';
const ENTRY = 'Taman Baca Keliling';

// Skipped only when the e2e suite runs against the static server (E2E_SERVER=static, or no
// src/server/main.ts): this test needs the real API. `npm test` and CI always run it.
if (!USE_REAL_SERVER) {
  test.skip('stagnan: follow-up and print view to PDF', 'the admin needs the real API (E2E_SERVER=static)');
} else {
  test('stagnan: the admin sets a follow-up, sees it, and prints the list to PDF', async (t) => {
    const server = (await serveApp(t, appBuild('A'))) as RealServer;
    createAdmin(server.dataDir, ADMIN_USER, ADMIN_PASS);
    const codes = createWorkshop(server.dataDir, 'Lokakarya Stagnan');

    const ctxP = await openProfile(join(t.tmp, 'p'));
    t.defer(() => ctxP.close());
    const p = await firstPage(ctxP);
    await joinWorkshop(p, server.url, codes.participant, 'Peserta Stagnan');
    await p.goto(server.url + '/entries/new');
    await fillRequired(p, ENTRY, 'Dinas Perpustakaan');
    await p.getByLabel(tx('label.tahapan')).selectOption('Penerapan');
    await save(p);
    await p.waitForURL((u) => u.pathname === '/entries');
    await syncUntilSent(p, 'participant');
    await ctxP.close();

    const ctxA = await openProfile(join(t.tmp, 'admin'), { width: 1280, height: 900 });
    t.defer(() => ctxA.close());
    const a = await firstPage(ctxA);
    await a.goto(server.url + '/admin/masuk');
    await a.getByLabel(ta('admin.signin.username'), { exact: true }).fill(ADMIN_USER);
    await a.getByLabel(ta('admin.signin.password'), { exact: true }).fill(ADMIN_PASS);
    await a.getByRole('button', { name: ta('admin.signin.submit'), exact: true }).click();
    await a.getByRole('heading', { name: ta('admin.title'), exact: true }).waitFor();
    await eventually('the admin device has the entry', async () => {
      if ((await idbAll(a, 'entries')).length >= 1) return true;
      const sync = a.getByRole('button', { name: tx('sync.now'), exact: true });
      if (await sync.isEnabled()) await sync.click();
      return false;
    });

    await a.goto(server.url + '/admin/stagnan');
    const row = a.getByTestId('stagnant-row').filter({ hasText: ENTRY });
    await row.waitFor();
    await row.getByText(ta('admin.stagnant.why.no_evidence'), { exact: true }).waitFor();
    await row.getByRole('button', { name: `${ta('admin.followup.edit')}: ${ENTRY}` }).click();
    await row.getByLabel(ta('admin.followup.pj'), { exact: true }).fill('Bu Rina (Bagian Organisasi)');
    const target = row.getByLabel(ta('admin.followup.target'), { exact: true });
    await target.fill('2027-01-31');
    await row.getByRole('button', { name: ta('admin.followup.submit'), exact: true }).click();
    await row.getByText('Tanggal tidak valid. Tulis sebagai hh/bb/tttt', { exact: false }).waitFor();
    assert.equal(await target.getAttribute('aria-invalid'), 'true', 'a yyyy-mm-dd date is refused');
    await target.fill('31/01/2027');
    await row.getByLabel(ta('admin.followup.catatan'), { exact: true }).fill('Minta foto kegiatan 2026.');
    await row.getByRole('button', { name: ta('admin.followup.submit'), exact: true }).click();
    await a.getByText(ta('admin.followup.saved'), { exact: true }).waitFor();
    await row
      .getByText(
        `${ta('admin.followup.summary', { pj: 'Bu Rina (Bagian Organisasi)', target: '31/01/2027' })} — Minta foto kegiatan 2026.`,
      )
      .waitFor();
    const listAxe = await axeViolations(a);
    assert.deepEqual(listAxe, [], formatViolations(listAxe));

    // The server keeps it (admin only).
    const token = await deviceToken(a);
    const res = await fetch(`${server.url}/api/v1/admin/follow-ups`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { followUps: { penanggungJawab: string; target: string | null }[] };
    assert.deepEqual(
      body.followUps.map((f) => [f.penanggungJawab, f.target]),
      [['Bu Rina (Bagian Organisasi)', '2027-01-31']],
    );

    // "Cetak daftar stagnan".
    await a.getByRole('link', { name: ta('admin.stagnant.print'), exact: true }).click();
    await a.getByTestId('stagnant-report').waitFor();
    assert.equal(new URL(a.url()).pathname, '/admin/stagnan/cetak');
    await a.getByRole('cell', { name: 'Bu Rina (Bagian Organisasi)', exact: true }).waitFor();
    const printAxe = await axeViolations(a);
    assert.deepEqual(printAxe, [], formatViolations(printAxe));
    await a.emulateMedia({ media: 'print' });
    const chrome = await a.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.app-header, .admin-chrome, .print-bar')].some(
        (el) => el.offsetParent !== null,
      ),
    );
    assert.equal(chrome, false, "the app's header, the admin menu and the print bar are not printed");
    const text = await a.locator('main').innerText();
    let at = -1;
    for (const part of [
      ta('admin.stagnant.printTitle'),
      'paling sedikit 6 bulan · 1 inovasi',
      'Nama inovasi',
      'OPD',
      'Tahap',
      'Sejak',
      'Alasan',
      'Penanggung jawab',
      'Target',
      'Catatan',
      ENTRY,
      'Dinas Perpustakaan',
      'Penerapan',
      ta('admin.stagnant.why.no_evidence'),
      'Bu Rina (Bagian Organisasi)',
      '31/01/2027',
      'Minta foto kegiatan 2026.',
      'Mengetahui,',
      'NIP.',
    ]) {
      const i = text.indexOf(part, at + 1);
      assert.ok(i > at, `the printed list has "${part}" in order:\n${text}`);
      at = i;
    }
    const pdf = await a.pdf({ preferCSSPageSize: true, printBackground: true });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'page.pdf gives a PDF');
    // A4 landscape: the first page's MediaBox is wider than it is tall.
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    assert.ok(box && Number(box[1]) > Number(box[2]), `a landscape page (${box?.[0] ?? 'no MediaBox'})`);
    t.log(`stagnan list: ${pdf.length} bytes`);
  });
}
