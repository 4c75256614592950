/**
 * The central office in the browser tests: an admin account made with the admin CLI (as a person
 * does on the server), the admin screens' own Indonesian strings (i18n/admin.ts, the lazy admin
 * chunk's dictionary), every admin route and export the server has, and a device's token read
 * from the app's IndexedDB.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { idbAll } from './app.ts';
import { REPO } from './build.ts';

// i18n/admin.ts imports i18n.svelte.ts, whose class uses the `$state` rune; outside the Svelte
// compiler that is a plain function call. A stand-in that returns its argument is enough here:
// only the dictionary object is read, never the reactive language.
(globalThis as { $state?: (v: unknown) => unknown }).$state ??= (v) => v;
const { ADMIN_DICT } = await import('../../../src/app/i18n/admin.ts');
const ADMIN_ID: Record<string, string> = ADMIN_DICT.id;

/** The Indonesian text of an admin-screen key, with `{name}` placeholders filled. */
export function ta(key: string, vars: Record<string, string | number> = {}): string {
  const s = ADMIN_ID[key];
  if (s === undefined) throw new Error(`no Indonesian admin text for ${key}`);
  return Object.entries(vars).reduce((acc, [k, v]) => acc.replaceAll(`{${k}}`, String(v)), s);
}

/** `npm run admin -- create-admin --username <name>` against `dataDir` (password from ADMIN_PASSWORD). */
export function createAdmin(dataDir: string, username: string, password: string): void {
  const res = spawnSync(
    process.execPath,
    [
      join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(REPO, 'src', 'server', 'admin-cli.ts'),
      'create-admin',
      '--username',
      username,
    ],
    {
      cwd: REPO,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ADMIN_PASSWORD: password },
      encoding: 'utf8',
    },
  );
  if (res.status !== 0 || !/created/.test(res.stdout)) {
    throw new Error(`create-admin failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  }
}

/** The device's sync token (a participant's, or the admin's after sign-in), from IndexedDB. */
export async function deviceToken(page: Page): Promise<string> {
  const rows = await idbAll<{ key: string; value: unknown }>(page, 'meta');
  const token = rows.find((r) => r.key === 'syncToken')?.value;
  if (typeof token !== 'string' || token === '') throw new Error('this device has no sync token');
  return token;
}

/** What /api/v1/exports/:name serves (routes/exports.ts). */
export const EXPORT_NAMES = [
  'iid.csv',
  'iid.xlsx',
  'kipp.csv',
  'kipp.xlsx',
  'recap.csv',
  'recap.xlsx',
  'ranking.csv',
  'ranking.xlsx',
  'stagnan.csv',
  'stagnan.xlsx',
  'all.json',
] as const;

export interface ApiRoute {
  method: string;
  /** As registered, with `:params`. */
  path: string;
}

/**
 * Every admin and export route of the server app, read from the app's own route table (so a
 * route added later is covered without editing the test). Sign-in and sign-out are left out:
 * they are open on purpose (the password, or the token being ended, is the check).
 */
/** `scratch`: a folder the throwaway app may put its (unused) blob store in. */
export async function adminRoutes(scratch: string): Promise<ApiRoute[]> {
  const { createApp } = await import('../../../src/server/app.ts');
  const { createSqliteStore } = await import('../../../src/server/store/sqlite.ts');
  const { createDiskBlobStore } = await import('../../../src/server/blobs/disk.ts');
  const store = createSqliteStore(':memory:');
  try {
    const app = createApp({
      store,
      blobs: createDiskBlobStore(join(scratch, 'route-table-blobs')),
      clock: Date.now,
      log: { info: () => {}, warn: () => {}, error: () => {} },
    });
    const seen = new Set<string>();
    const out: ApiRoute[] = [];
    for (const r of app.routes) {
      // Middleware (`.use`) shows up as method ALL; the handlers after it are the routes.
      if (r.method === 'ALL') continue;
      if (!/^\/api\/v1\/(admin|exports)(\/|$)/.test(r.path)) continue;
      if (/^\/api\/v1\/admin\/(login|logout)$/.test(r.path)) continue;
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ method: r.method, path: r.path });
    }
    return out;
  } finally {
    await store.close();
  }
}
