/**
 * Issue 5 in Chromium, the central office end to end against the real server: an admin made
 * with `npm run admin -- create-admin`; participants of TWO workshops write entries and sync;
 * the admin signs in from Settings' "Masuk admin" link, creates a workshop in the UI and opens its
 * QR poster, sees both workshops' entries on the dashboard (total and per workshop), opens one
 * innovation and moves it to Uji Coba (date and hasil), syncs, and the server holds the new
 * tahapan; the IID sheet (downloaded from the Ekspor screen, and from the export route with the
 * admin token) has DOMAIN.md's header and that entry's row. A participant's and a facilitator's
 * device token get 403 from every admin route and export (the server's own route table), no
 * token or a made-up one 401, and nothing changes. axe runs on the dashboard.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import qrcode from 'qrcode-generator';
import type { Page } from 'playwright-core';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { adminRoutes, createAdmin, deviceToken, EXPORT_NAMES, ta, type ApiRoute } from './lib/admin.ts';
import { axeViolations, formatViolations } from './lib/axe.ts';
import { eventually, fillRequired, save, syncNowButton, tx } from './lib/app.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import type { RealServer } from './lib/real-server.ts';
import { serveApp, USE_REAL_SERVER } from './lib/serve.ts';
import { serverRecords } from './lib/server-db.ts';
import { parseCsv } from '../unit/server/golden/fixtures.ts';
import { createWorkshop, joinWorkshop, syncUntilSent } from './lib/workshop.ts';

const ADMIN_USER = 'pusat';
const ADMIN_PASS = 'sandi-kantor-pusat-2026';
const WS1 = 'Lokakarya Kota Blitar';
const WS2 = 'Lokakarya Kabupaten Contoh';
const WS_NEW = 'Lokakarya Pemantauan 2027';
const OPD = 'Dinas Kesehatan';
const ENTRIES_WS1 = ['Lapor Jalan Rusak', 'Sekolah Lansia'];
const ENTRIES_WS2 = ['Posyandu Keliling'];
const MOVED = ENTRIES_WS1[0]!;
/** DOMAIN.md "IID innovation profile, in form order", then Status, Pengisi and the IID readiness. */
const IID_HEADER =
  'ID,OPD,Nama Narahubung,WhatsApp Narahubung,Nama Inovasi,Tahapan,Inisiator,Nama Inisiator,Jenis,Bentuk,Tematik,Urusan Utama,Urusan Beririsan,Waktu Inisiasi,Waktu Uji Coba,Waktu Penerapan,Rancang Bangun dan Pokok Perubahan,Tujuan,Manfaat,Hasil,Anggaran,Status,Pengisi,Siap Diunggah ke IID,Perkiraan Skor Indikator';
const IID_COL = (h: string) => IID_HEADER.split(',').indexOf(h);

/** Writes `names` as new entries on a participant's device and syncs them. */
async function writeEntries(page: Page, url: string, names: string[], who: string): Promise<void> {
  for (const nama of names) {
    await page.goto(url + '/entries/new');
    await fillRequired(page, nama, OPD);
    await save(page);
    await page.waitForURL((u) => u.pathname === '/entries');
  }
  await syncUntilSent(page, who);
}

/** The admin device syncs (the status bar's button) until nothing waits to be sent. */
async function syncAdmin(page: Page): Promise<void> {
  await syncUntilSent(page, 'admin');
}

function api(url: string, token: string | null, method = 'GET', body?: unknown): Promise<Response> {
  return fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** Concrete URLs for a route pattern: `:name` of exports is every file; ids are real ones. */
function concrete(route: ApiRoute, ids: { workshop: string; entry: string; device: string }): string[] {
  if (route.path.includes(':name')) return EXPORT_NAMES.map((n) => route.path.replace(':name', n));
  const id = route.path.includes('/workshops/')
    ? ids.workshop
    : route.path.includes('/entries/')
      ? ids.entry
      : route.path.includes('/devices/')
        ? ids.device
        : 'x';
  let first = true;
  return [
    route.path.replace(/:[A-Za-z]+/g, () => {
      const v = first ? id : 'x';
      first = false;
      return v;
    }),
  ];
}

// Skipped only with E2E_SERVER=static (the static-server mode for debugging the app alone):
// the admin scenario needs the real API. `npm test` and CI always run it on the real server.
if (!USE_REAL_SERVER) {
  test.skip('admin: the central office end to end', 'src/server/main.ts is missing or E2E_SERVER=static');
} else {
  test(
    'admin: sign in, create a workshop and open its QR poster, entries of two workshops on the dashboard, move one to Uji Coba, export the IID sheet; participant tokens refused everywhere',
    async (t) => {
      const server = (await serveApp(t, appBuild('A'))) as RealServer;
      createAdmin(server.dataDir, ADMIN_USER, ADMIN_PASS);
      const codes1 = createWorkshop(server.dataDir, WS1);
      const codes2 = createWorkshop(server.dataDir, WS2);

      // Two participants, one per workshop, each on their own phone.
      const ctxP1 = await openProfile(join(t.tmp, 'p1'));
      t.defer(() => ctxP1.close());
      const p1 = await firstPage(ctxP1);
      await joinWorkshop(p1, server.url, codes1.participant, 'Peserta Kota');
      await writeEntries(p1, server.url, ENTRIES_WS1, 'participant 1');
      const participantToken = await deviceToken(p1);

      const ctxP2 = await openProfile(join(t.tmp, 'p2'));
      t.defer(() => ctxP2.close());
      const p2 = await firstPage(ctxP2);
      await joinWorkshop(p2, server.url, codes2.participant, 'Peserta Kabupaten');
      await writeEntries(p2, server.url, ENTRIES_WS2, 'participant 2');
      await ctxP2.close();

      const onServer = serverRecords(server.dataDir, 'entries');
      assert.equal(onServer.length, 3, 'the server holds the three entries');
      const ws1Id = onServer.find((r) => r.fields.nama === ENTRIES_WS1[0])!.workshop_id!;
      const ws2Id = onServer.find((r) => r.fields.nama === ENTRIES_WS2[0])!.workshop_id!;
      assert.ok(ws1Id && ws2Id && ws1Id !== ws2Id, 'the entries belong to two workshops');
      const movedId = onServer.find((r) => r.fields.nama === MOVED)!.id;
      t.log(`participants synced 3 entries in workshops ${ws1Id} and ${ws2Id}`);

      // The admin, on an office computer: Settings → "Masuk admin" → username and password.
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
      const adminToken = await deviceToken(a);
      const menu = a.getByRole('navigation', { name: ta('admin.nav.label'), exact: true });

      // Workshops: create one in the UI; its codes come back and its poster opens.
      await menu.getByRole('link', { name: ta('admin.nav.workshops'), exact: true }).click();
      await a.getByRole('heading', { name: ta('admin.ws.create'), exact: true }).click();
      await a.getByLabel(ta('admin.ws.nama'), { exact: false }).fill(WS_NEW);
      await a.getByLabel(ta('admin.ws.tanggal'), { exact: true }).fill('15/01/2027');
      await a.getByLabel(ta('admin.ws.tempat'), { exact: true }).fill('Aula Bapperinda');
      await a.getByRole('button', { name: ta('admin.ws.create'), exact: true }).click();
      await a.getByText(ta('admin.ws.created', { nama: WS_NEW }), { exact: true }).waitFor();
      const listed = (await (await api(`${server.url}/api/v1/admin/workshops`, adminToken)).json()) as {
        workshops: {
          id: string;
          nama: string;
          tanggal: string | null;
          codes: { participant?: { code: string; link: string } };
        }[];
      };
      const created = listed.workshops.find((w) => w.nama === WS_NEW);
      assert.ok(created, `the server lists ${WS_NEW}`);
      assert.equal(created.tanggal, '2027-01-15', 'the date typed dd/mm/yyyy is stored as ISO');
      const code = created.codes.participant;
      assert.ok(code, 'the new workshop has a participant code');
      const item = a
        .getByRole('listitem')
        .filter({ has: a.getByRole('heading', { name: WS_NEW, exact: true }) });
      await item.getByText(code.code, { exact: true }).waitFor();

      // The poster: the button opens the SVG in a new tab (the page renders an <svg>)...
      const posterButton = item.getByRole('button', {
        name: ta('admin.ws.poster', { role: ta('admin.role.participant') }),
        exact: true,
      });
      const [tab] = await Promise.all([ctxA.waitForEvent('page'), posterButton.click()]);
      await tab.waitForURL((u) => u.protocol === 'blob:', { timeout: 15_000 });
      await tab.waitForLoadState('load');
      const rendered = await tab.evaluate(() => {
        const root = document.documentElement;
        const box = root.getBoundingClientRect();
        return {
          tag: root.localName,
          paths: root.querySelectorAll('path').length,
          text: root.textContent ?? '',
          width: box.width,
        };
      });
      assert.equal(rendered.tag, 'svg', 'the poster tab shows an SVG document');
      assert.ok(rendered.paths >= 1 && rendered.width > 0, 'the poster has a drawn QR path');
      assert.ok(rendered.text.includes(code.code.split('').join(' ')), 'the poster shows the code');
      await tab.close();
      // ...and the route behind it answers 200 with an SVG whose QR encodes the join link.
      const posterRes = await api(
        `${server.url}/api/v1/admin/workshops/${created.id}/poster.svg?role=participant`,
        adminToken,
      );
      assert.equal(posterRes.status, 200);
      assert.match(posterRes.headers.get('content-type') ?? '', /^image\/svg\+xml/);
      const svg = await posterRes.text();
      assert.match(svg, /<svg[\s>]/);
      assert.ok(svg.includes(code.link), 'the poster prints the join link');
      const qrPath = /<path d="([^"]+)"/.exec(svg)?.[1] ?? '';
      const qr = qrcode(0, 'M');
      qr.addData(code.link, 'Byte');
      qr.make();
      let dark = 0;
      for (let r = 0; r < qr.getModuleCount(); r++)
        for (let c = 0; c < qr.getModuleCount(); c++) if (qr.isDark(r, c)) dark++;
      assert.equal(qrPath.split('M').length - 1, dark, "the QR path has the join link's dark modules");
      t.log(`workshop ${WS_NEW} created in the UI; poster ${svg.length} bytes, ${dark} QR modules`);

      // Dashboard: the admin's device pulled every workshop; counts in total and per workshop.
      await menu.getByRole('link', { name: ta('admin.nav.dashboard'), exact: true }).click();
      const total = (n: number) => a.getByText(ta('admin.dash.total', { n }), { exact: true });
      await eventually('the dashboard counts 3 innovations', async () => {
        if (await total(3).count()) return true;
        const sync = await syncNowButton(a);
        if (await sync.isEnabled()) await sync.click();
        return false;
      });
      const opdBar = (n: number) =>
        a.getByRole('link', { name: ta('admin.bar.label', { label: OPD, n }), exact: true });
      await opdBar(3).waitFor();
      const wsFilter = a.getByLabel(ta('admin.filter.workshop'), { exact: true });
      await wsFilter.selectOption({ label: WS1 });
      await total(2).waitFor();
      await opdBar(2).waitFor();
      await wsFilter.selectOption({ label: WS2 });
      await total(1).waitFor();
      await opdBar(1).waitFor();
      await wsFilter.selectOption({ label: ta('admin.filter.allWorkshops') });
      await total(3).waitFor();

      const violations = await axeViolations(a);
      t.log(`/admin dashboard: ${violations.length} axe violations`);
      assert.deepEqual(violations, [], formatViolations(violations));

      // Follow-up: the OPD's bar → its list → one innovation → Naikkan ke Uji Coba.
      await opdBar(3).click();
      await a.getByText(ta('admin.list.count', { n: 3 }), { exact: true }).waitFor();
      await a.getByRole('link', { name: MOVED, exact: true }).click();
      await a.getByRole('heading', { name: MOVED, exact: true }).waitFor();
      await a
        .getByRole('heading', { name: ta('admin.stage.to', { stage: 'Uji Coba' }), exact: true })
        .waitFor();
      await a.getByLabel(ta('admin.stage.date.waktuUjiCoba'), { exact: true }).fill('01/12/2026');
      await a
        .getByLabel(ta('admin.stage.hasil'), { exact: true })
        .fill('Laporan jalan rusak ditangani rata-rata 3 hari.');
      await a.getByRole('button', { name: ta('admin.stage.submit'), exact: true }).click();
      await a.getByText(ta('admin.stage.done', { stage: 'Uji Coba' }), { exact: true }).waitFor();
      await syncAdmin(a);
      await eventually('the server holds the new tahapan', async () => {
        const rec = serverRecords(server.dataDir, 'entries').find((r) => r.id === movedId);
        return rec?.fields.tahapan === 'Uji Coba' && rec.fields.waktuUjiCoba === '2026-12-01';
      });
      const movedRec = serverRecords(server.dataDir, 'entries').find((r) => r.id === movedId)!;
      assert.equal(movedRec.fields.hasil, 'Laporan jalan rusak ditangani rata-rata 3 hari.');
      assert.equal(movedRec.fields.nama, MOVED, 'the other fields are untouched');
      t.log(`${MOVED} is at Uji Coba on the server`);

      // Exports: the IID sheet from the Ekspor screen (a download)...
      await menu.getByRole('link', { name: ta('admin.nav.exports'), exact: true }).click();
      const iidButton = a.getByRole('button', {
        name: ta('admin.exports.download', {
          what: ta('admin.exports.iid'),
          fmt: ta('admin.exports.variant.csv-comma'),
        }),
        exact: true,
      });
      const [download] = await Promise.all([a.waitForEvent('download'), iidButton.click()]);
      const downloaded = readFileSync((await download.path())!, 'utf8');
      // The file is saved under the server's name, and the message names that same file.
      const savedAs = download.suggestedFilename();
      assert.match(savedAs, /^iid-\d{4}-\d{2}-\d{2}\.csv$/);
      await a.getByText(ta('admin.exports.done', { file: savedAs }), { exact: true }).waitFor();
      // ...and from the export route with the admin token: the same sheet.
      const iidRes = await api(`${server.url}/api/v1/exports/iid.csv`, adminToken);
      assert.equal(iidRes.status, 200);
      const fromRoute = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await iidRes.arrayBuffer());
      for (const [where, csv] of [
        ['download', downloaded],
        ['route', fromRoute],
      ] as const) {
        assert.ok(csv.startsWith('\uFEFF'), `${where}: UTF-8 with BOM (Excel)`);
        const lines = csv.slice(1).split(/\r?\n/);
        assert.equal(lines[0], IID_HEADER, `${where}: the IID header of DOMAIN.md`);
        const cells = parseCsv(csv.slice(1)).find((r) => r[0] === movedId);
        assert.ok(cells, `${where}: a row for ${MOVED}`);
        assert.equal(cells[IID_COL('Nama Inovasi')], MOVED);
        assert.equal(cells[IID_COL('Waktu Uji Coba')], '2026-12-01', `${where}: Waktu Uji Coba (ISO)`);
        assert.equal(cells[IID_COL('Tahapan')], 'Uji Coba', `${where}: Tahapan`);
        for (const other of [...ENTRIES_WS1, ...ENTRIES_WS2])
          assert.ok(csv.includes(`,${other},`), `${where}: a row for ${other}`);
      }
      t.log(`IID sheet: ${downloaded.split('\n').length - 1} lines, header and row checked`);

      // A participant's and a facilitator's device token: refused by every admin route and export.
      const joined = await api(`${server.url}/api/v1/join`, null, 'POST', {
        code: codes2.facilitator,
        deviceId: 'fasilitator-uji-e2e',
        name: 'Fasilitator Kabupaten',
      });
      assert.equal(joined.status, 201, 'the facilitator joins');
      const facilitatorToken = ((await joined.json()) as { token: string }).token;
      const routes = await adminRoutes(t.tmp);
      assert.ok(routes.length >= 6, `the server's admin routes (${routes.length})`);
      const workshopsBefore = listed.workshops.length;
      const ids = { workshop: ws1Id, entry: movedId, device: 'fasilitator-uji-e2e' };
      const wrong: string[] = [];
      let tried = 0;
      for (const route of routes) {
        for (const path of concrete(route, ids)) {
          const url = server.url + path;
          const body = route.method === 'GET' ? undefined : {};
          for (const [who, token, want] of [
            ['participant', participantToken, 403],
            ['facilitator', facilitatorToken, 403],
            ['no token', null, 401],
            ['made-up token', 'x'.repeat(43), 401],
          ] as const) {
            const res = await api(url, token, route.method, body);
            tried++;
            if (res.status !== want) wrong.push(`${route.method} ${path} with ${who}: ${res.status}`);
          }
          // Not vacuous: the admin's token opens what is safe to open twice.
          if (route.method === 'GET') {
            const res = await api(url, adminToken);
            if (res.status === 401 || res.status === 403)
              wrong.push(`${route.method} ${path} refused the admin: ${res.status}`);
            await res.arrayBuffer();
          }
        }
      }
      assert.deepEqual(wrong, [], wrong.join('\n'));
      t.log(
        `${routes.length} admin/export routes, ${tried} refused requests: ${routes.map((r) => `${r.method} ${r.path}`).join(', ')}`,
      );
      // Nothing changed by the refused requests: no workshop made, no device revoked.
      const after = (await (await api(`${server.url}/api/v1/admin/workshops`, adminToken)).json()) as {
        workshops: unknown[];
      };
      assert.equal(after.workshops.length, workshopsBefore, 'no workshop was created by a refused request');
      const stillWorks = await api(`${server.url}/api/v1/sync`, facilitatorToken, 'POST', {
        deviceId: 'fasilitator-uji-e2e',
        since: 0,
        changes: [],
      });
      assert.equal(stillWorks.status, 200, 'the refused revoke left the facilitator device working');
    },
    { timeoutMs: 300_000 },
  );
}
