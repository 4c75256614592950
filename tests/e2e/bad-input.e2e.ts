/**
 * Issue 2, bad input in real Chromium: a 40 MB photo, a file that is no image and a full disk
 * each get a clear Indonesian message, and nothing already typed is lost. Text that looks like
 * HTML, emoji and right-to-left script are kept and shown as text; an empty required field and
 * a too-long name are refused with their messages.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { serveApp } from './lib/serve.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { hugeJpeg, makeJpeg, notAnImage } from './lib/images.ts';
import { fillRequired, heading, msg, pickPhotos, save, tx, waitForDraft } from './lib/app.ts';

const NAMA = 'Klinik Konsultasi UMKM';
const TUJUAN = 'Membantu pelaku usaha mikro mengurus izin';

async function openForm(t: import('./lib/harness.ts').TestContext, initScript?: () => void): Promise<Page> {
  const server = await serveApp(t, appBuild('A'));
  const context = await openProfile(join(t.tmp, 'profile'));
  t.defer(() => context.close());
  if (initScript) await context.addInitScript(initScript);
  const page = await firstPage(context);
  await page.goto(server.url + '/entries/new');
  assert.equal(await heading(page), tx('form.titleNew'));
  return page;
}

async function typeBasics(page: Page): Promise<void> {
  await page.getByLabel(tx('label.nama')).fill(NAMA);
  await page.locator('details:has(#f-tujuan)').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  await page.getByLabel(tx('label.tujuan')).fill(TUJUAN);
}

async function assertTextKept(page: Page): Promise<void> {
  assert.equal(await page.getByLabel(tx('label.nama')).inputValue(), NAMA, 'nama is still there');
  assert.equal(await page.getByLabel(tx('label.tujuan')).inputValue(), TUJUAN, 'tujuan is still there');
}

const photoError = (page: Page) => page.getByTestId('photo-error');

test('bad photos: 40 MB and a non-image each get a clear Indonesian message; the text stays', async (t) => {
  const page = await openForm(t);
  await typeBasics(page);

  await pickPhotos(page, [hugeJpeg(t.tmp)]);
  await page.getByText(msg('photo.too_large')).waitFor();
  assert.equal((await photoError(page).textContent())?.trim(), msg('photo.too_large'));
  await assertTextKept(page);

  await pickPhotos(page, [notAnImage()]);
  await page.getByText(msg('photo.not_image')).waitFor();
  assert.equal((await photoError(page).textContent())?.trim(), msg('photo.not_image'));
  await assertTextKept(page);

  // A good photo afterwards is accepted and the message goes away.
  await pickPhotos(page, [await makeJpeg(page, 'baik.jpg', 'OK')]);
  await page.locator(`img[alt="${tx('photo.alt', { n: 1 })}"]`).waitFor();
  assert.equal((await photoError(page).textContent())?.trim(), '');
  await waitForDraft(page, { field: 'nama', value: NAMA });
});

test('full disk (simulated QuotaExceededError): storage.full for a photo and for the draft; typed text is kept and saved once space is back', async (t) => {
  // IndexedDB writes throw QuotaExceededError for the stores named in window.__fullDisk, the way a
  // phone with no space left answers.
  const page = await openForm(t, () => {
    const full = new Set<string>(['blobs']);
    (window as unknown as { __fullDisk: Set<string> }).__fullDisk = full;
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (
        this: IDBObjectStore,
        ...args: Parameters<typeof original>
      ) {
        if (full.has(this.name)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      } as typeof original;
    }
  });
  await typeBasics(page);

  await pickPhotos(page, [await makeJpeg(page, 'penuh.jpg', 'Penuh')]);
  await page.getByText(msg('storage.full')).first().waitFor();
  assert.equal((await photoError(page).textContent())?.trim(), msg('storage.full'));
  await assertTextKept(page);
  await waitForDraft(page, { field: 'tujuan', value: TUJUAN });

  // Now the drafts cannot be written either: the form says so and keeps the text on screen.
  await page.evaluate(() => (window as unknown as { __fullDisk: Set<string> }).__fullDisk.add('drafts'));
  await page.getByLabel(tx('label.tujuan')).fill(TUJUAN + ' dan modal');
  await page.getByTestId('save-error').waitFor();
  assert.equal((await page.getByTestId('save-error').textContent())?.trim(), msg('storage.full'));
  assert.equal(await page.getByLabel(tx('label.tujuan')).inputValue(), TUJUAN + ' dan modal');

  // Space is freed: the next change is written, with everything typed meanwhile.
  await page.evaluate(() => (window as unknown as { __fullDisk: Set<string> }).__fullDisk.clear());
  await page.getByLabel(tx('label.tujuan')).pressSequentially('.');
  await waitForDraft(page, { field: 'tujuan', value: TUJUAN + ' dan modal.' });
});

test('text limits in the browser: empty required field, too long, emoji, RTL and HTML-looking text', async (t) => {
  // The server's CSP has no 'unsafe-eval': validating must not even try eval (core/zod.ts).
  const page = await openForm(t, () => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(e.violatedDirective));
  });
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });

  // Empty: saving says what is missing and where; nothing is lost.
  await save(page);
  await page.getByText(msg('field.required')).first().waitFor();
  assert.equal(await heading(page), tx('form.titleNew'), 'still on the form');

  // Too long (nama allows 150 characters).
  await page.getByLabel(tx('label.nama')).fill('x'.repeat(151));
  await save(page);
  await page.getByText(msg('field.too_long_max').replace('{max}', '150')).first().waitFor();
  assert.equal(
    (await page.getByLabel(tx('label.nama')).inputValue()).length,
    151,
    'the long text is kept to be shortened',
  );

  // Emoji, Arabic (RTL) and markup are ordinary text: saved, and shown as text in the list.
  const odd = '<img src=x onerror=alert(1)> Inovasi 🚀 خدمة';
  await fillRequired(page, odd);
  await save(page);
  await page.waitForURL((u) => u.pathname === '/entries');
  const title = page.locator('[data-testid="entry-item"] .entry-title').first();
  await title.waitFor();
  assert.equal((await title.textContent())?.trim(), odd, 'shown exactly as typed');
  assert.equal(await page.locator('main img[src="x"]').count(), 0, 'no element was made from the text');
  assert.equal(dialogs, 0, 'no script ran');
  const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  assert.deepEqual(violations, [], 'validation ran without a CSP violation');
});
