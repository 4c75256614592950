/**
 * Issue 2: accessible and usable on a small phone. axe-core finds no violation on the entries
 * list (with an entry in it), the new-entry form with every section open, and settings; at
 * 360 px wide no screen scrolls sideways, also with text at 200 %.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { serveApp } from './lib/serve.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { axeViolations, formatViolations } from './lib/axe.ts';
import { fillRequired, hasHorizontalScroll, heading, save, tx } from './lib/app.ts';

/** One saved entry (so the list shows an item with its actions), then each main screen. */
async function screens(t: TestContext) {
  const server = await serveApp(t, appBuild('A'));
  const context = await openProfile(join(t.tmp, 'profile'), { width: 360, height: 740 });
  t.defer(() => context.close());
  const page = await firstPage(context);
  await page.goto(server.url + '/entries/new');
  await fillRequired(page, 'Pojok Baca Digital');
  await save(page);
  await page.waitForURL((u) => u.pathname === '/entries');

  const list: [string, string, () => Promise<void>][] = [
    ['/entries', tx('list.title'), async () => page.getByTestId('entry-item').first().waitFor()],
    [
      '/entries/new',
      tx('form.titleNew'),
      async () => {
        await page.getByLabel(tx('label.nama')).waitFor();
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      },
    ],
    ['/settings', tx('settings.title'), async () => undefined],
  ];
  return {
    page,
    /** Opens each screen (sections unfolded) and calls `check` on it. */
    async each(check: (path: string) => Promise<void>) {
      for (const [path, title, prepare] of list) {
        await page.goto(server.url + path);
        assert.equal(await heading(page), title);
        await prepare();
        await check(path);
      }
    },
  };
}

test('accessibility: axe-core finds no violation on the list, the form with every section open, and settings', async (t) => {
  const { page, each } = await screens(t);
  const problems: string[] = [];
  await each(async (path) => {
    const violations = await axeViolations(page);
    t.log(`${path}: ${violations.length} axe violations`);
    if (violations.length) problems.push(`${path}:\n        ${formatViolations(violations)}`);
  });
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('small phone: at 360 px wide no screen scrolls sideways, also with text at 200 %', async (t) => {
  const { page, each } = await screens(t);
  const problems: string[] = [];
  await each(async (path) => {
    await page.evaluate(() => (document.documentElement.style.fontSize = ''));
    if (await hasHorizontalScroll(page)) problems.push(`${path}: scrolls sideways at 360 px`);
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    const wide = await widestOverflow(page);
    if (wide) problems.push(`${path}: scrolls sideways at 360 px with 200 % text (${wide})`);
  });
  assert.deepEqual(problems, [], problems.join('\n'));
});

/** The first element sticking out on the right, named so a failure says where to look. */
function widestOverflow(page: import('playwright-core').Page): Promise<string | null> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    for (const el of document.querySelectorAll('body *')) {
      if (el.getBoundingClientRect().right > root.clientWidth + 1) {
        return `${root.scrollWidth} px > ${root.clientWidth} px, e.g. <${el.tagName.toLowerCase()} class="${el.className}"> "${(el.textContent ?? '').trim().slice(0, 40)}"`;
      }
    }
    return `${root.scrollWidth} px > ${root.clientWidth} px`;
  });
}
