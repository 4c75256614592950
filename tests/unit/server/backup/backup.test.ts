/**
 * `npm run admin -- backup` while five devices push (the CLI in its own process, as an operator
 * runs it), then `restore` into a fresh DATA_DIR: a fresh device pulls every change committed
 * before the backup began, photos included, and the copy passes PRAGMA integrity_check.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uuidv7, type Change } from '$src/core/index.ts';
import { createApp, type App } from '$src/server/app.ts';
import { createDiskBlobStore } from '$src/server/blobs/disk.ts';
import { createSqliteStore } from '$src/server/store/sqlite.ts';
import { change, register, stamp, sync } from '../helpers/client.ts';
import { adminDevice, type Dev } from '../helpers/roles.ts';
import { tempDir } from '../helpers/stores.ts';

const REPO = join(import.meta.dirname, '..', '..', '..', '..');
const QUIET = { info() {}, warn() {}, error() {} };
const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
const root = tempDir('backup');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function admin(dataDir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(REPO, 'src', 'server', 'admin-cli.ts'),
        ...args,
      ],
      {
        cwd: REPO,
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

function openApp(dataDir: string) {
  const store = createSqliteStore(dataDir);
  const blobs = createDiskBlobStore(join(dataDir, 'blobs'));
  const app = createApp({
    store,
    blobs,
    clock: () => T0,
    log: QUIET,
    registerLimit: { max: 1000, windowMs: 60_000 },
    // The five pushing devices register without a workshop (POST /devices).
    openRegistration: true,
  });
  return { store, app };
}

/** A distinct small "JPEG" per entry, so each photo is its own file. */
function photo(n: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode(`photo ${n}`), 0xff, 0xd9]);
}
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function pushEntry(app: App, dev: Dev, n: number): Promise<{ entryId: string; photo: string }> {
  const bytes = photo(n);
  const h = sha(bytes);
  const put = await app.request(`/api/v1/blobs/${h}`, {
    method: 'PUT',
    headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${dev.token}` },
    body: bytes,
  });
  expect(put.status).toBeLessThan(300);
  const entryId = uuidv7(T0);
  const at = stamp(T0, dev.deviceId, n);
  const changes: Change[] = [
    change(
      'entries',
      entryId,
      // A creation names its workshop (none: these devices joined none).
      {
        nama: `Inovasi ${n}`,
        opd: 'Dinas Kesehatan',
        tahapan: 'Inisiatif',
        authorId: dev.deviceId,
        workshopId: null,
      },
      at,
    ),
    change(
      'attachments',
      uuidv7(T0),
      { entryId, sha256: h, mime: 'image/jpeg', size: bytes.length, authorId: dev.deviceId, createdAt: T0 },
      at,
    ),
  ];
  const res = await sync(app, dev, 0, changes);
  expect(res.rejected).toEqual([]);
  return { entryId, photo: h };
}

describe('backup while serving, then restore', () => {
  it('keeps everything committed before the backup began, photos included', async () => {
    const dataDir = join(root, 'live');
    const { store, app } = openApp(dataDir);
    await store.migrate();
    const devices = await Promise.all(Array.from({ length: 5 }, () => register(app)));
    const committed: { entryId: string; photo: string }[] = [];
    let backupStarted = false;
    const beforeBackup: { entryId: string; photo: string }[] = [];
    let n = 0;
    let stop = false;
    const pushing = devices.map(async (dev) => {
      while (!stop) {
        const done = await pushEntry(app, dev, n++);
        committed.push(done);
        if (!backupStarted) beforeBackup.push(done);
      }
    });
    while (committed.length < 50) await new Promise((r) => setTimeout(r, 5));
    const out = join(root, 'backup');
    backupStarted = true;
    const atStart = committed.length;
    const backup = await admin(dataDir, 'backup', '--out', out);
    const during = committed.length - atStart;
    stop = true;
    await Promise.all(pushing);
    // A device that synced with the live server after the backup: its cursor is beyond the
    // backup's counter.
    const lateReader = await adminDevice(store, T0);
    let lateCursor = 0;
    for (;;) {
      const page = await sync(app, lateReader, lateCursor, [], 500);
      lateCursor = page.cursor;
      if (!page.more) break;
    }
    await store.close();
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/integrity_check: ok/);
    expect(backup.out).toMatch(/records\s+\d+/);
    // The devices really pushed while the backup ran (else this proves nothing about "online").
    expect(during).toBeGreaterThan(0);

    const fresh = join(root, 'restored');
    const restore = await admin(fresh, 'restore', '--from', out);
    expect(restore.code, restore.out).toBe(0);
    expect(restore.out).toMatch(/integrity_check: ok/);
    // A second restore over it refuses and changes nothing.
    const again = await admin(fresh, 'restore', '--from', out);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/exists/);

    const back = openApp(fresh);
    await back.store.migrate();
    try {
      const reader = await adminDevice(back.store, T0);
      const ids = new Set<string>();
      let since = 0;
      for (;;) {
        const page = await sync(back.app, reader, since, [], 500);
        for (const r of page.changes) ids.add(r.id);
        since = page.cursor;
        if (!page.more) break;
      }
      for (const e of beforeBackup) expect(ids.has(e.entryId), e.entryId).toBe(true);

      // After the restore, a new write is above the cursor the late device already holds.
      const writer = await register(back.app);
      const newEntry = await pushEntry(back.app, writer, 1_000_000);
      const seen = await sync(back.app, reader, lateCursor, [], 500);
      expect(seen.changes.map((c) => c.id)).toContain(newEntry.entryId);
      for (const e of beforeBackup) {
        const res = await back.app.request(`/api/v1/blobs/${e.photo}`, {
          headers: { authorization: `Bearer ${reader.token}` },
        });
        expect(res.status).toBe(200);
        expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(e.photo);
      }
    } finally {
      await back.store.close();
    }
  }, 60_000);
});
