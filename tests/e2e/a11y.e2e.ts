/**
 * Issue 2: accessible and usable on a small phone. axe-core finds no violation on the entries
 * list (with an entry in it), the new-entry form with every section open, and settings; at
 * 360 px wide no screen scrolls sideways, also with text at 200 %.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from './lib/harness.ts';
import { appBuild } from './lib/build.ts';
import { StaticServer } from './lib/static-server.ts';
import { firstPage, openProfile } from './lib/browser.ts';
import { axeViolations, formatViolations } from './lib/axe.ts';
import { fillRequired, hasHorizontalScroll, heading, save, tx } from './lib/app.ts';

test('accessibility: axe finds nothing on the list, the full form and settings; no sideways scroll at 360 px', async (t) => {
  const server = new StaticServer(appBuild('A'));
  await server.start();
  t.defer(() => server.stop());
  const context = await openProfile(join(t.tmp, 'profile'), { width: 360, height: 740 });
  t.defer(() => context.close());
  const page = await firstPage(context);

  // One saved entry, so the list shows an item with its actions.
  await page.goto(server.url + '/entries/new');
  await fillRequired(page, 'Pojok Baca Digital');
  await save(page);
  await page.waitForURL((u) => u.pathname === '/entries');

  const screens: [string, string, () => Promise<void>][] = [
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
  const problems: string[] = [];
  for (const [path, title, prepare] of screens) {
    await page.goto(server.url + path);
    assert.equal(await heading(page), title);
    await prepare();
    const violations = await axeViolations(page);
    if (violations.length) problems.push(`${path}:\n        ${formatViolations(violations)}`);
    if (await hasHorizontalScroll(page)) problems.push(`${path}: scrolls sideways at 360 px`);
    // Large text: 200 % must reflow, not overflow.
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    if (await hasHorizontalScroll(page)) problems.push(`${path}: scrolls sideways at 360 px with 200 % text`);
    t.log(`${path}: ${violations.length} axe violations`);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
