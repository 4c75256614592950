/**
 * Issue 21: a workshop day on a 360 × 740 phone. Each main screen of a participant and of a
 * facilitator shows its first entry (or the form's first field) within the first viewport, and
 * nothing overflows sideways. Screenshots go to SCREENS_DIR when set (docs/screens/ holds the
 * ones attached to the issue), else to the test's temporary folder.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { serveApp } from './lib/serve.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import type { RealServer } from './lib/real-server.ts';
import { eventually, fillRequired, hasHorizontalScroll, save, syncNowButton, tx } from './lib/app.ts';
import { createWorkshop, joinWorkshop, syncUntilSent } from './lib/workshop.ts';
import { axeViolations, formatViolations } from './lib/axe.ts';
import { createAdmin, ta } from './lib/admin.ts';

const W = 360;
const H = 740;

/** The element reaching furthest right, to name in a failure. */
function widest(page: Page): Promise<string> {
  return page.evaluate(() => {
    let best: Element | null = null;
    let right = 0;
    for (const el of document.querySelectorAll('main *')) {
      const r = el.getBoundingClientRect().right;
      if (r > right) [best, right] = [el, r];
    }
    return best ? `${best.outerHTML.slice(0, 120)} reaches ${Math.round(right)} px` : '';
  });
}

async function check(page: Page, dir: string, name: string, first: Locator): Promise<void> {
  await first.waitFor({ state: 'visible', timeout: 20_000 });
  // The sync chip's details close with Escape (a test opened them to press "Sinkronkan sekarang").
  await page.keyboard.press('Escape');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(dir, `${name}.png`) });
  const box = await first.boundingBox();
  assert.ok(box, `${name}: the first item has a box`);
  assert.ok(
    box.y + Math.min(box.height, 40) <= H,
    `${name}: first item starts at y=${box.y}, below the fold`,
  );
  assert.equal(await hasHorizontalScroll(page), false, `${name}: nothing overflows sideways`);
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `${name}: ${formatViolations(violations)}`);
  // 200 % text: still nothing sideways, still no axe violation; then back to normal.
  await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
  assert.equal(
    await hasHorizontalScroll(page),
    false,
    `${name}: nothing overflows sideways at 200 % text (${await widest(page)})`,
  );
  const zoomed = await axeViolations(page);
  assert.equal(zoomed.length, 0, `${name} at 200 % text: ${formatViolations(zoomed)}`);
  await page.evaluate(() => (document.documentElement.style.fontSize = ''));
}

test('phone 360 × 740: participant, facilitator and admin screens show their first entry on the first screen', async (t) => {
  const dir = process.env.SCREENS_DIR ?? join(t.tmp, 'screens');
  mkdirSync(dir, { recursive: true });
  const server = await serveApp(t, appBuild('A'));
  const codes = createWorkshop((server as RealServer).dataDir);

  // The participant: joins, saves two entries, syncs.
  const pCtx = await openProfile(join(t.tmp, 'p'), { width: W, height: H });
  t.defer(() => pCtx.close());
  const p = await firstPage(pCtx);
  await joinWorkshop(p, server.url, codes.participant, 'Ani');
  for (const nama of ['Sapa Warga Digital', 'Posyandu Keliling']) {
    await p.goto(server.url + '/entries/new');
    await fillRequired(p, nama);
    await save(p);
    await p.waitForURL((u) => u.pathname === '/entries');
  }
  await syncUntilSent(p, 'participant');
  await check(p, dir, 'participant-entries', p.getByTestId('entry-item').first());
  await p.goto(server.url + '/entries/new');
  await check(p, dir, 'participant-new', p.getByLabel(tx('label.nama')));

  // The facilitator: joins and pulls the room.
  const fCtx = await openProfile(join(t.tmp, 'f'), { width: W, height: H });
  t.defer(() => fCtx.close());
  const f = await firstPage(fCtx);
  await joinWorkshop(f, server.url, codes.facilitator, 'Bu Rina');
  await syncUntilSent(f, 'facilitator');
  await f.goto(server.url + '/fasilitator');
  await check(f, dir, 'facilitator-room', f.getByTestId('room-entry').first());
  await f.getByTestId('room-entry').first().getByRole('link').first().click();
  await check(f, dir, 'facilitator-entry', f.getByTestId('review-title'));

  // The facilitator asks for more; through the server the participant sees it on the row and on
  // the entry (status, note, score), and answers.
  const reviewed = (await f.getByTestId('review-title').innerText()).trim();
  await f.locator('#rv-status').selectOption('perlu_dilengkapi');
  await f.locator('#rv-notes').fill('Tambahkan foto kegiatan.');
  await f.locator('#rv-score').fill('60');
  await f.getByTestId('review-form').locator('button[type="submit"]').click();
  await f.getByTestId('review-saved').waitFor();
  await syncUntilSent(f, 'facilitator');
  await p.goto(server.url + '/entries');
  const row = p.locator('[data-testid="entry-item"]', { hasText: reviewed });
  await eventually("the facilitator's review on the participant's row", async () => {
    if (await row.getByTestId('entry-review').count()) return true;
    await (await syncNowButton(p)).click();
    return false;
  });
  assert.equal(
    (await row.getByTestId('entry-review').innerText()).trim(),
    tx('review.onRow', { status: tx('review.status.perlu_dilengkapi') }),
  );
  await check(p, dir, 'participant-entries-reviewed', p.getByTestId('entry-item').first());
  await row.getByRole('link', { name: reviewed, exact: true }).click();
  const box = p.getByTestId('entry-feedback');
  await box.waitFor();
  assert.ok((await box.innerText()).includes('Tambahkan foto kegiatan.'), 'the note');
  assert.ok((await box.innerText()).includes(tx('review.score', { score: 60 })), 'the score');
  await box.scrollIntoViewIfNeeded();
  await p.screenshot({ path: join(dir, 'participant-entry-review.png') });
  await box.getByLabel(tx('review.reply')).fill('Sudah saya tambahkan.');
  await box.getByRole('button', { name: tx('review.send'), exact: true }).click();
  await box.getByText(tx('review.sent')).waitFor();
  await syncUntilSent(p, 'participant');

  // The admin on a phone: the menu has the office and the settings, no participant links.
  createAdmin((server as RealServer).dataDir, 'organisasi', 'kata-sandi-uji-panjang');
  const aCtx = await openProfile(join(t.tmp, 'a'), { width: W, height: H });
  t.defer(() => aCtx.close());
  const a = await firstPage(aCtx);
  await a.goto(server.url + '/admin/masuk');
  await a.getByLabel(ta('admin.signin.username'), { exact: true }).fill('organisasi');
  await a.getByLabel(ta('admin.signin.password'), { exact: true }).fill('kata-sandi-uji-panjang');
  await a.getByRole('button', { name: ta('admin.signin.submit'), exact: true }).click();
  await a.getByRole('heading', { name: ta('admin.title'), exact: true }).waitFor();
  const menu = a.getByRole('navigation', { name: tx('nav.label'), exact: true });
  assert.deepEqual(
    (await menu.getByRole('link').evaluateAll((els) => els.map((e) => e.getAttribute('href')))).sort(),
    ['/admin', '/settings'],
    'the admin menu: the office and the settings',
  );
  await check(a, dir, 'admin-dashboard', a.getByRole('heading', { name: ta('admin.title'), exact: true }));
});
