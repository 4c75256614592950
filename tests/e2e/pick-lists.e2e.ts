/**
 * The lists the entry form offers, in Chromium against the real server: a participant joins (the
 * join answer brings the lists); the admin edits the Pemda's OPD list and this year's tematik list
 * in the Lokakarya screen; the participant's device syncs, goes offline, reloads, and its entry
 * form suggests the new OPD and offers the new tematik from the copy it kept in IndexedDB; the
 * entry written offline with them reaches the server once online, refused by nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { createAdmin, ta } from './lib/admin.ts';
import { eventually, fillRequired, idbAll, save, syncNowButton, tx } from './lib/app.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import type { RealServer } from './lib/real-server.ts';
import { serveApp, USE_REAL_SERVER } from './lib/serve.ts';
import { serverRecords } from './lib/server-db.ts';
import { waitForControlled } from './lib/sw.ts';
import { createWorkshop, joinWorkshop, outboxCount, syncUntilSent } from './lib/workshop.ts';

const ADMIN_USER = 'organisasi';
const ADMIN_PASS = 'sandi-daftar-2026';
const NEW_OPD = 'UPT Pengelolaan Sampah Terpadu';
const NEW_TEMATIK = 'Kota Cerdas';
const YEAR = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();

interface StoredLists {
  lists: { opdList: string[] | null; yearly: { kind: string; year: number; items: string[] }[] };
}

// Skipped only when the e2e suite runs against the static server (E2E_SERVER=static, or no
// src/server/main.ts): this test needs the real API. `npm test` and CI always run it.
if (!USE_REAL_SERVER) {
  test.skip(
    'pick-lists: admin edits reach an offline form',
    'src/server/main.ts is missing or E2E_SERVER=static',
  );
} else {
  test('pick-lists: the admin edits the OPD and tematik lists; a synced device offers them offline', async (t) => {
    const server = (await serveApp(t, appBuild('A'))) as RealServer;
    createAdmin(server.dataDir, ADMIN_USER, ADMIN_PASS);
    const codes = createWorkshop(server.dataDir, 'Lokakarya Daftar');

    // The participant's phone: first visit online, joins; the join answer brought the lists
    // (nothing edited yet: no Pemda list, no yearly lists).
    const ctxP = await openProfile(join(t.tmp, 'participant'));
    t.defer(() => ctxP.close());
    const p = await firstPage(ctxP);
    await p.goto(server.url + '/');
    await waitForControlled(p);
    await joinWorkshop(p, server.url, codes.participant, 'Peserta Daftar');
    const kept = async () =>
      (await idbAll<{ key: string; value: unknown }>(p, 'meta')).find((m) => m.key === 'pickLists')?.value as
        StoredLists | undefined;
    await eventually('the join answer’s lists are kept', async () => (await kept()) !== undefined);
    assert.deepEqual((await kept())?.lists, { opdList: null, yearly: [] });

    // The admin, on an office computer, edits both lists in "Lokakarya".
    const ctxA = await openProfile(join(t.tmp, 'admin'), { width: 1280, height: 900 });
    t.defer(() => ctxA.close());
    const a = await firstPage(ctxA);
    await a.goto(server.url + '/admin/masuk');
    await a.getByLabel(ta('admin.signin.username'), { exact: true }).fill(ADMIN_USER);
    await a.getByLabel(ta('admin.signin.password'), { exact: true }).fill(ADMIN_PASS);
    await a.getByRole('button', { name: ta('admin.signin.submit'), exact: true }).click();
    await a.getByRole('heading', { name: ta('admin.title'), exact: true }).waitFor();
    const menu = a.getByRole('navigation', { name: ta('admin.nav.label'), exact: true });
    await menu.getByRole('link', { name: ta('admin.nav.workshops'), exact: true }).click();

    await a.getByRole('heading', { name: ta('admin.opd.title'), exact: true }).click();
    const opdBox = a.getByLabel(ta('admin.opd.label'), { exact: true });
    await opdBox.waitFor();
    await opdBox.fill(['Bapperinda', 'Dinas Lingkungan Hidup', NEW_OPD].join('\n'));
    await a.getByRole('button', { name: ta('admin.opd.save'), exact: true }).click();
    await a.getByText(ta('admin.opd.saved', { n: 3 }), { exact: true }).waitFor();

    await a.getByRole('heading', { name: ta('admin.pick.title'), exact: true }).click();
    const kind = ta('admin.pick.kind.tematik');
    const tematikBox = a.getByLabel(ta('admin.pick.label', { kind, year: YEAR }), { exact: true });
    await tematikBox.waitFor();
    await tematikBox.fill([NEW_TEMATIK, 'Non Tematik'].join('\n'));
    await a.getByRole('button', { name: ta('admin.pick.save'), exact: true }).click();
    await a.getByText(ta('admin.pick.saved', { kind, year: YEAR, n: 2 }), { exact: true }).waitFor();
    t.log('the admin saved the OPD list and this year’s tematik list');

    // The participant syncs; the round's end fetches the lists and keeps them.
    await eventually('the participant’s device has the new lists', async () => {
      const l = (await kept())?.lists;
      if (l?.opdList?.includes(NEW_OPD) && l.yearly.some((y) => y.items.includes(NEW_TEMATIK))) return true;
      const button = await syncNowButton(p);
      if (await button.isEnabled()) await button.click();
      return false;
    });

    // Offline, a fresh load of the form: the suggestions come from IndexedDB.
    await ctxP.setOffline(true);
    await p.goto(server.url + '/entries/new');
    const opd = p.getByLabel(tx('label.opd'));
    await opd.waitFor();
    const listId = await opd.getAttribute('list');
    assert.ok(listId, 'the OPD field has a suggestion list');
    await eventually('the form suggests the new OPD', async () => {
      const values = await p
        .locator(`datalist#${listId} option`)
        .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
      return values.includes(NEW_OPD) && values[0] === 'Bapperinda';
    });
    const tematik = p.getByLabel(tx('label.tematik'), { exact: true });
    await p.getByText(tx('section.tematik'), { exact: true }).click();
    const offered = await tematik.evaluate((el) =>
      [...(el as HTMLSelectElement).options].map((o) => o.value).filter((v) => v !== ''),
    );
    assert.deepEqual(
      offered,
      [NEW_TEMATIK, 'Non Tematik'],
      'this year’s tematik list, as the admin saved it',
    );

    await fillRequired(p, 'Sampah Jadi Berkah', NEW_OPD);
    await tematik.selectOption(NEW_TEMATIK);
    await save(p);
    await p.waitForURL((u) => u.pathname === '/entries');
    assert.ok((await outboxCount(p, 'pending')) > 0, 'the entry waits on the device while offline');

    // Online again: it reaches the server, and the server refused nothing.
    await ctxP.setOffline(false);
    await syncUntilSent(p, 'participant');
    const stored = serverRecords(server.dataDir, 'entries').find(
      (r) => r.fields.nama === 'Sampah Jadi Berkah',
    );
    assert.equal(stored?.fields.opd, NEW_OPD);
    assert.equal(stored?.fields.tematik, NEW_TEMATIK);
  });
}
