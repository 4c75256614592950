/**
 * Issue 25, WCAG 2.4.11 (focus not obscured): at 360 px wide with text at 200 %, tabbing through
 * the whole entry form (every section open) never leaves the focused element under the sticky
 * "Simpan" bar; and the focus ring has at least 3:1 contrast against the page. (The notices
 * reserve their height the same way, state/reserve-bottom.ts.)
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { serveApp } from './lib/serve.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { heading, tx } from './lib/app.ts';

/** Tab through the form; every stop whose box overlaps what is fixed or sticky at the bottom. */
async function hiddenStops(page: Page): Promise<{ stops: number; hidden: string[] }> {
  await page.getByLabel(tx('label.nama')).focus();
  const hidden: string[] = [];
  let stops = 0;
  for (let i = 0; i < 400; i++) {
    const where = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || !el.closest('form') || el.closest('.form-footer')) return { done: true, hidden: null };
      const box = el.getBoundingClientRect();
      const covers = [...document.querySelectorAll('.form-footer, .toast, .pwa-card')].map((c) =>
        c.getBoundingClientRect(),
      );
      const under = covers.some((c) => c.height > 0 && box.bottom > c.top + 1 && box.top < c.bottom);
      return {
        done: false,
        hidden: under ? `${el.tagName.toLowerCase()}#${el.id || el.getAttribute('name')}` : null,
      };
    });
    if (where.done) break;
    stops++;
    if (where.hidden) hidden.push(where.hidden);
    await page.keyboard.press('Tab');
  }
  return { stops, hidden };
}

test('focus not obscured: at 360 px and 200 % text no tab stop of the form is under the sticky bar', async (t) => {
  const server = await serveApp(t, appBuild('A'));
  const context = await openProfile(join(t.tmp, 'profile'), { width: 360, height: 740 });
  t.defer(() => context.close());
  const page = await firstPage(context);
  await page.goto(server.url + '/entries/new');
  assert.equal(await heading(page), tx('form.titleNew'));
  await page.getByLabel(tx('label.nama')).waitFor();
  // The first visit installs the worker and says "Siap dipakai offline" for a few seconds: close
  // it first, so that no notice comes or goes between a focus move and its measurement.
  const ready = page.getByTestId('pwa-offline-ready');
  await ready.waitFor();
  await ready.getByRole('button').click();
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%';
    document.querySelectorAll('details').forEach((d) => (d.open = true));
  });

  const plain = await hiddenStops(page);
  t.log(`${plain.stops} tab stops, ${plain.hidden.length} under the sticky bar`);
  assert.ok(plain.stops > 100, 'the whole form was tabbed through');
  assert.deepEqual(plain.hidden, [], `under the sticky bar: ${plain.hidden.join(', ')}`);
});

test('focus ring: at least 3:1 against the page background', async (t) => {
  const server = await serveApp(t, appBuild('A'));
  const context = await openProfile(join(t.tmp, 'profile'), { width: 360, height: 740 });
  t.defer(() => context.close());
  const page = await firstPage(context);
  await page.goto(server.url + '/entries/new');
  await page.getByLabel(tx('label.nama')).waitFor();
  await page.keyboard.press('Tab');
  const colors = await page.evaluate(() => {
    const el = document.querySelector('main input') as HTMLElement;
    el.focus();
    return { ring: getComputedStyle(el).outlineColor, bg: getComputedStyle(document.body).backgroundColor };
  });
  const [a, b] = [luminance(colors.ring), luminance(colors.bg)];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  t.log(`focus ring contrast ${ratio.toFixed(2)}:1`);
  assert.ok(ratio >= 3, `focus ring contrast ${ratio.toFixed(2)}:1 is below 3:1`);
});

/** WCAG relative luminance of a computed `rgb(r, g, b)` colour. */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((x) => Number(x) / 255);
  const f = (v: number) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
}
