/**
 * Issue 3 in Chromium: two browsers (two profiles) against the real server. A creates entries
 * offline, goes online and syncs; B sees them; B edits one while A edits the same field offline;
 * both converge, and the value that lost is shown as a conflict that can be restored.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { createWorkshop, joinWorkshop, outboxCount, syncUntilSent } from './lib/workshop.ts';
import type { RealServer } from './lib/real-server.ts';
import { deviceSecretHash } from './lib/server-db.ts';
import { serveApp, USE_REAL_SERVER } from './lib/serve.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { waitForControlled } from './lib/sw.ts';
import { makeJpeg } from './lib/images.ts';
import {
  eventually,
  fillRequired,
  heading,
  idbAll,
  pickPhotos,
  save,
  syncNowButton,
  tx,
  waitForThumb,
} from './lib/app.ts';

const NAMES = ['Lapor Jalan Rusak', 'Sekolah Lansia'];

async function editNama(page: Page, url: string, from: string, to: string): Promise<void> {
  await page.goto(url);
  assert.equal(await heading(page), tx('form.titleEdit'));
  const nama = page.getByLabel(tx('label.nama'));
  await eventually(`the form shows "${from}"`, async () => (await nama.inputValue()) === from);
  await nama.fill(to);
  await save(page);
  await page.waitForURL((u) => u.pathname === '/entries');
}

// Skipped only with E2E_SERVER=static (the static-server mode for debugging the app alone):
// two browsers can only converge through the real API. `npm test` and CI always run it.
if (!USE_REAL_SERVER) {
  test.skip(
    'sync: two browsers converge through the real server',
    'src/server/main.ts is missing or E2E_SERVER=static',
  );
} else {
  test(
    'sync: A (participant) offline → online → B (facilitator) sees it; concurrent edits of one field converge and the lost value can be restored',
    async (t) => {
      const server = await serveApp(t, appBuild('A'));
      // Issue 4 scopes what a device reads to its workshop: A joins as a participant and B,
      // who edits A's entry, with the facilitator code.
      const codes = createWorkshop((server as RealServer).dataDir);

      // Device A: first visit online, then offline for the writing.
      const ctxA = await openProfile(join(t.tmp, 'profile-a'));
      t.defer(() => ctxA.close());
      const a = await firstPage(ctxA);
      await a.goto(server.url + '/');
      await waitForControlled(a);
      await joinWorkshop(a, server.url, codes.participant, 'Peserta A');
      // Issue 19: A made its own secret, keeps it in IndexedDB, and the server has only its hash.
      const secretOf = async (page: Page) => {
        const meta = await idbAll<{ key: string; value: unknown }>(page, 'meta');
        return {
          id: String(meta.find((m) => m.key === 'deviceId')?.value),
          secret: String(meta.find((m) => m.key === 'deviceSecret')?.value),
        };
      };
      const aSecret = await secretOf(a);
      assert.match(aSecret.secret, /^[0-9a-f]{64}$/, 'A keeps its device secret in IndexedDB');
      assert.equal(
        deviceSecretHash((server as RealServer).dataDir, aSecret.id),
        createHash('sha256').update(aSecret.secret).digest('hex'),
        'the server keeps only the hash of A’s secret',
      );
      await ctxA.setOffline(true);
      for (const [i, nama] of NAMES.entries()) {
        await a.goto(server.url + '/entries/new');
        await fillRequired(a, nama);
        if (i === 0) {
          await pickPhotos(a, [await makeJpeg(a, 'jalan.jpg', 'Jalan')]);
          await waitForThumb(a, 1);
        }
        await save(a);
        await a.waitForURL((u) => u.pathname === '/entries');
      }
      assert.ok((await outboxCount(a, 'pending')) > 0, 'A has changes waiting while offline');
      // The list renders after its query resolves: wait for both rows before reading them.
      await a.getByTestId('entry-status').nth(1).waitFor();
      const statuses = await a
        .getByTestId('entry-status')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      assert.deepEqual(statuses, ['local', 'local'], 'offline entries are "tersimpan di perangkat"');

      // Back online: the engine sends everything (the `online` event, or the button).
      await ctxA.setOffline(false);
      await syncUntilSent(a, 'A');
      await a.locator('[data-testid="entry-status"][data-status="sent"]').nth(1).waitFor({ timeout: 15_000 });
      assert.deepEqual(await secretOf(a), aSecret, 'the secret outlives reloads and going offline');
      const ids = await a
        .getByTestId('entry-item')
        .evaluateAll((els) =>
          Object.fromEntries(
            els.map((e) => [
              e.querySelector('.entry-title')?.textContent?.trim() ?? '',
              e.getAttribute('data-entry-id') ?? '',
            ]),
          ),
        );
      const target = `${server.url}/entries/${ids[NAMES[0]!]}`;
      t.log(`A synced ${Object.keys(ids).length} entries`);

      // Device B, a fresh browser: its first sync pulls A's entries, photo included.
      const ctxB = await openProfile(join(t.tmp, 'profile-b'));
      t.defer(() => ctxB.close());
      const b = await firstPage(ctxB);
      await b.goto(server.url + '/');
      await joinWorkshop(b, server.url, codes.facilitator, 'Fasilitator B');
      await eventually("B pulled A's entries", async () => {
        const rows = await idbAll<{ id: string }>(b, 'entries');
        return Object.values(ids).every((id) => rows.some((r) => r.id === id));
      });
      await b.goto(target);
      assert.equal(await b.getByLabel(tx('label.nama')).inputValue(), NAMES[0], "B sees A's entry");

      // A edits the name offline; B edits the same field online and syncs first; then A
      // comes back. The later write wins everywhere; the other is kept as a conflict.
      await ctxA.setOffline(true);
      await editNama(a, target, NAMES[0]!, 'Lapor Jalan Rusak (versi A)');
      await editNama(b, target, NAMES[0]!, 'Lapor Jalan Rusak (versi B)');
      await syncUntilSent(b, 'B');
      await ctxA.setOffline(false);
      await syncUntilSent(a, 'A');
      await (await syncNowButton(b)).click();

      let winner = '';
      await eventually('A and B show the same name', async () => {
        await a.goto(target);
        await b.goto(target);
        const va = await a.getByLabel(tx('label.nama')).inputValue();
        const vb = await b.getByLabel(tx('label.nama')).inputValue();
        if (va !== vb) {
          await (await syncNowButton(b)).click();
          return false;
        }
        winner = va;
        return true;
      });
      assert.ok(
        winner.endsWith('(versi A)') || winner.endsWith('(versi B)'),
        `converged on one of the edits: ${winner}`,
      );
      const loser = winner.endsWith('(versi A)')
        ? 'Lapor Jalan Rusak (versi B)'
        : 'Lapor Jalan Rusak (versi A)';
      t.log(`winner: ${winner}; lost: ${loser}`);

      // The lost value is kept: a conflict record reaches A's device...
      const entryId = ids[NAMES[0]!]!;
      await eventually('a conflict record with the lost value on A', async () => {
        const rows = await idbAll<{ fields: Record<string, unknown> }>(a, 'conflicts');
        if (
          rows.some(
            (r) => r.fields.recordId === entryId && r.fields.field === 'nama' && r.fields.value === loser,
          )
        )
          return true;
        await (await syncNowButton(a)).click();
        return false;
      });

      // ...is shown on the entry, and one tap restores it.
      const conflictTitle = a.getByText(tx('sync.conflict.title'));
      await eventually('the entry form on A to show the conflict notice (sync.conflict.title)', async () => {
        if (await conflictTitle.count()) return true;
        await (await syncNowButton(a)).click();
        await a.goto(target);
        return false;
      });
      assert.ok(await a.getByText(loser, { exact: false }).count(), 'the lost value is shown');

      // Issue 21: in sight without opening the entry: its row says so and is "Perlu perhatian",
      // and the header's sync chip counts it...
      await a.goto(server.url + '/entries');
      const rowA = a.locator(`[data-testid="entry-item"][data-entry-id="${entryId}"]`);
      await rowA.getByTestId('entry-conflict').waitFor();
      assert.equal(await rowA.getByTestId('entry-status').getAttribute('data-status'), 'attention');
      await eventually('the sync chip on A counts the conflict', async () =>
        (await a.getByTestId('sync-chip').innerText()).includes(tx('sync.chip.attention', { n: 1 })),
      );
      // ...and the facilitator on B (whichever value won) sees it on the entry in the room.
      await eventually("B's room shows the conflict on the entry", async () => {
        await b.goto(`${server.url}/fasilitator/entri/${entryId}`);
        // Look once the entry has rendered (its notices load after it), not the instant after goto:
        // on a busy machine that instant was before the notices every time.
        await b.getByTestId('review-title').waitFor();
        const shown = await b
          .getByText(tx('sync.conflict.title'))
          .first()
          .waitFor({ timeout: 3000 })
          .then(() => true)
          .catch(() => false);
        if (shown) return true;
        await (await syncNowButton(b)).click();
        return false;
      });

      // "Pulihkan", then "Simpan" (natural on an edit form) keeps the restored value.
      await a.goto(target);
      await a
        .getByRole('button', { name: tx('sync.conflict.restore'), exact: true })
        .first()
        .click();
      await a.getByText(tx('sync.conflict.restored')).waitFor();
      assert.equal(await a.getByLabel(tx('label.nama')).inputValue(), loser, 'the open form shows it');
      await save(a);
      await a.waitForURL((u) => u.pathname === '/entries');
      await syncUntilSent(a, 'A');

      // Both converge on the restored value.
      await eventually('both show the restored value', async () => {
        await (await syncNowButton(b)).click();
        await a.goto(target);
        await b.goto(target);
        return (
          (await a.getByLabel(tx('label.nama')).inputValue()) === loser &&
          (await b.getByLabel(tx('label.nama')).inputValue()) === loser
        );
      });

      // Last, because it needs the photo bytes fetched from the server (GET /api/v1/blobs/:sha256):
      // B shows the photo A took.
      await b.goto(target);
      await waitForThumb(b, 1).catch((e: unknown) => {
        throw new Error(`B does not show the photo of A's entry (its bytes never reach B): ${String(e)}`);
      });
    },
    { timeoutMs: 240_000 },
  );
}
