/**
 * Issue 20 item 2 in Chromium against the real server: a participant, offline, opens a saved
 * entry, chooses a level for "Regulasi", writes a note and attaches a PDF as its evidence (a
 * text file is refused with the translated message); everything is in IndexedDB and waits in the
 * outbox. Back online, it syncs: the server holds the level, the note, the evidence record and
 * the PDF's bytes. The admin signs in on another computer and, on the innovation's page, sees the
 * level, the note and the PDF, whose bytes came down by hash and open from the device. The phone
 * is 320 px wide: the indicators fit without sideways scrolling, and axe finds nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { createAdmin, ta } from './lib/admin.ts';
import { axeViolations, formatViolations } from './lib/axe.ts';
import { DB_NAME, eventually, fillRequired, hasHorizontalScroll, idbAll, msg, save, tx } from './lib/app.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import type { RealServer } from './lib/real-server.ts';
import { serveApp, USE_REAL_SERVER } from './lib/serve.ts';
import { serverRecords } from './lib/server-db.ts';
import { waitForControlled } from './lib/sw.ts';
import { createWorkshop, joinWorkshop, outboxCount, syncUntilSent } from './lib/workshop.ts';

const ADMIN_USER = 'pusat';
const ADMIN_PASS = 'sandi-kantor-pusat-2026';
const NAMA = 'Sapa Warga Lewat WhatsApp';
const NOTE = 'SK Wali Kota Blitar no. 188/12/2025, halaman 3';
const PDF = Buffer.from('%PDF-1.4\n% SK Wali Kota\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

interface Stored {
  id: string;
  fields: Record<string, unknown>;
}

// Skipped only when the e2e suite runs against the static server (E2E_SERVER=static, or no
// src/server/main.ts): this test needs the real API. `npm test` and CI always run it.
if (!USE_REAL_SERVER) {
  test.skip(
    'indicators: evidence offline → synced → admin',
    'src/server/main.ts is missing or E2E_SERVER=static',
  );
} else {
  test('indicators: a level, a note and a PDF entered offline reach the server and the admin sees them', async (t) => {
    const server = (await serveApp(t, appBuild('A'))) as RealServer;
    createAdmin(server.dataDir, ADMIN_USER, ADMIN_PASS);
    const codes = createWorkshop(server.dataDir, 'Lokakarya Indikator');

    // --- Participant: joins online, then works offline. ---
    const ctxP = await openProfile(join(t.tmp, 'participant'), { width: 320, height: 740 });
    t.defer(() => ctxP.close());
    const p = await firstPage(ctxP);
    await p.goto(server.url + '/');
    await waitForControlled(p);
    await joinWorkshop(p, server.url, codes.participant, 'Peserta Indikator');
    await ctxP.setOffline(true);
    await p.goto(server.url + '/entries/new');
    await fillRequired(p, NAMA);
    await save(p);
    await p.waitForURL((u) => u.pathname === '/entries');
    const entry = (await idbAll<Stored>(p, 'entries')).find((e) => e.fields.nama === NAMA);
    assert.ok(entry, 'the entry is saved on the device');

    await p.goto(`${server.url}/entries/${entry.id}`);
    const regulasi = p.getByTestId('indicator-regulasi');
    await regulasi.waitFor({ timeout: 20_000 });
    await regulasi.getByLabel(tx('ind.level'), { exact: true }).selectOption('2');
    await regulasi.getByLabel(tx('ind.note'), { exact: true }).fill(NOTE);
    await regulasi.getByLabel(tx('ind.note'), { exact: true }).blur();
    const picker = regulasi.locator('input[type=file]');
    await picker.setInputFiles({
      name: 'catatan.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('bukan bukti'),
    });
    await regulasi.getByText(msg('evidence.wrong_type'), { exact: true }).waitFor();
    await picker.setInputFiles({ name: 'sk-regulasi.pdf', mimeType: 'application/pdf', buffer: PDF });
    await regulasi.getByRole('link', { name: 'sk-regulasi.pdf', exact: true }).waitFor();
    await eventually('the level and the note are in the stored entry', async () => {
      const e = (await idbAll<Stored>(p, 'entries')).find((x) => x.id === entry.id);
      return e?.fields.ind_regulasi_level === 2 && e.fields.ind_regulasi_note === NOTE;
    });
    const atts = (await idbAll<Stored>(p, 'attachments')).filter((a) => a.fields.evidenceFor === 'regulasi');
    assert.equal(atts.length, 1, 'one evidence record (the text file stored nothing)');
    const sha = String(atts[0]!.fields.sha256);
    const blobs = await idbAll<{ sha256: string; mime: string; uploaded: number }>(p, 'blobs');
    assert.deepEqual(
      blobs.map((b) => [b.sha256, b.mime, b.uploaded]),
      [[sha, 'application/pdf', 0]],
      'the PDF bytes are on the device, by hash, not uploaded yet',
    );
    assert.ok((await outboxCount(p, 'pending')) > 0, 'the changes wait in the outbox (offline)');
    assert.equal(
      await hasHorizontalScroll(p),
      false,
      'the indicators fit the phone without sideways scrolling',
    );
    const violations = await axeViolations(p);
    assert.deepEqual(violations, [], `entry form with its indicators: ${formatViolations(violations)}`);
    assert.equal(serverRecords(server.dataDir, 'entries').length, 0, 'nothing reached the server yet');
    t.log(`offline: level, note and ${sha.slice(0, 12)}… stored on the device`);

    // --- Back online: sync. ---
    await ctxP.setOffline(false);
    await syncUntilSent(p, 'participant');
    const onServer = serverRecords(server.dataDir, 'entries').find((r) => r.id === entry.id);
    assert.equal(onServer?.fields.ind_regulasi_level, 2, 'the server holds the level');
    assert.equal(onServer?.fields.ind_regulasi_note, NOTE, 'and the note');
    const evidence = serverRecords(server.dataDir, 'attachments').filter(
      (a) => a.fields.evidenceFor === 'regulasi',
    );
    assert.equal(evidence.length, 1, 'and the evidence record');
    assert.equal(evidence[0]!.fields.sha256, sha);

    // --- The admin, on an office computer. ---
    const ctxA = await openProfile(join(t.tmp, 'admin'), { width: 1280, height: 900 });
    t.defer(() => ctxA.close());
    const a = await firstPage(ctxA);
    await a.goto(server.url + '/settings');
    await a.getByRole('link', { name: tx('settings.officeLink'), exact: true }).click();
    await a.getByRole('heading', { name: ta('admin.signin.title'), exact: true }).waitFor();
    await a.getByLabel(ta('admin.signin.username'), { exact: true }).fill(ADMIN_USER);
    await a.getByLabel(ta('admin.signin.password'), { exact: true }).fill(ADMIN_PASS);
    await a.getByRole('button', { name: ta('admin.signin.submit'), exact: true }).click();
    await a.getByRole('heading', { name: ta('admin.title'), exact: true }).waitFor();
    await a.goto(`${server.url}/admin/entri/${entry.id}`);
    await a.getByRole('heading', { name: NAMA, exact: true }).waitFor({ timeout: 30_000 });
    const adminBox = a.getByTestId('indicator-regulasi');
    await adminBox.waitFor();
    assert.equal(
      await adminBox.getByLabel(tx('ind.level'), { exact: true }).inputValue(),
      '2',
      'the admin sees the level',
    );
    assert.equal(
      await adminBox.getByLabel(tx('ind.note'), { exact: true }).inputValue(),
      NOTE,
      'and the note',
    );
    // The link appears once the PDF's bytes came down by hash (before that, only its name).
    const link = adminBox.getByRole('link', { name: 'sk-regulasi.pdf', exact: true });
    await link.waitFor({ timeout: 30_000 });
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, /^blob:/, 'the PDF opens from the admin device');
    // The bytes behind the link, read from the admin device's IndexedDB (CSP keeps fetch off blob:).
    const body = await a.evaluate(
      ({ db, sha }) =>
        new Promise<{ type: string; text: string }>((resolve, reject) => {
          const open = indexedDB.open(db);
          open.onerror = () => reject(new Error(String(open.error)));
          open.onsuccess = () => {
            const req = open.result.transaction('blobs').objectStore('blobs').get(sha);
            req.onsuccess = () => {
              const row = req.result as { blob: Blob; mime: string };
              open.result.close();
              void row.blob.text().then((text) => resolve({ type: row.mime, text }), reject);
            };
            req.onerror = () => reject(new Error(String(req.error)));
          };
        }),
      { db: DB_NAME, sha },
    );
    assert.equal(body.text, PDF.toString(), 'the same bytes the participant attached');
    assert.match(
      (await a.getByTestId('iid-readiness').innerText()).replace(/\s+/g, ' '),
      /Belum siap diunggah ke IID/,
      'the admin sees the readiness (one indicator of five, no uploads: not ready)',
    );
  });
}
