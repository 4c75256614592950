/**
 * `npm run admin -- backup` / `restore` on SQLite. The backup uses SQLite's online backup API
 * through its own connection, so it runs while the server serves: it copies a consistent
 * snapshot (WAL included) page by page and never blocks the server's writes for long. Photos
 * are copied AFTER the database, so every photo the backed-up records name (a photo is on disk
 * before its row is written) is in the backup.
 */
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { SQLITE_FILE } from '../store/sqlite.ts';
import { copyPhotos } from './photos.ts';

export interface BackupSummary {
  databaseBytes: number;
  records: number;
  changeLog: number;
  devices: number;
  photos: number;
  photoBytes: number;
  integrity: string;
}

export const MANIFEST = 'lumbung-backup.json';

/**
 * How far a restore moves the sync counter on. Devices that synced with the lost server after
 * the backup hold pull cursors beyond the backup's counter; without the jump, the restored
 * server would number its next writes below those cursors and those devices would never pull
 * them. A billion writes between a backup and its restore is far more than any Pemda makes.
 */
export const RESTORE_CURSOR_GAP = 1_000_000_000;

function counts(db: SqliteDatabase.Database) {
  const n = (sql: string) => Number(db.prepare(sql).pluck().get());
  return {
    records: n('select count(*) from records'),
    changeLog: n('select count(*) from change_log'),
    devices: n('select count(*) from devices'),
  };
}

/** `ok`, or SQLite's list of problems. */
function integrity(file: string): string {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    const rows = db.prepare('pragma integrity_check').pluck().all() as string[];
    return rows.join('; ');
  } finally {
    db.close();
  }
}

async function emptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

export async function backupSqlite(dataDir: string, outDir: string, now: Date): Promise<BackupSummary> {
  const source = join(dataDir, SQLITE_FILE);
  if (!existsSync(source)) throw new Error(`No database at ${source}: check DATA_DIR.`);
  if (!(await emptyOrMissing(outDir)))
    throw new Error(
      `${outDir} is not empty: give --out a new or empty folder, so no backup is mixed with another.`,
    );
  await mkdir(outDir, { recursive: true });
  const target = join(outDir, SQLITE_FILE);
  const live = new SqliteDatabase(source, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    // All remaining pages in ONE step, inside one read transaction: a consistent snapshot that
    // WAL writers do not wait for. Stepping 100 pages at a time (the default), every write the
    // server committed between steps restarted the copy, and a busy server could keep it from
    // ever finishing.
    await live.backup(target, { progress: () => 0x7fffffff });
  } finally {
    live.close();
  }
  const copy = new SqliteDatabase(target, { readonly: true });
  let c;
  try {
    c = counts(copy);
  } finally {
    copy.close();
  }
  const photos = await copyPhotos(join(dataDir, 'blobs'), join(outDir, 'blobs'));
  const summary: BackupSummary = {
    databaseBytes: statSync(target).size,
    ...c,
    photos: photos.photos,
    photoBytes: photos.bytes,
    integrity: integrity(target),
  };
  await writeFile(
    join(outDir, MANIFEST),
    `${JSON.stringify({ kind: 'lumbung-backup', engine: 'sqlite', createdAt: now.toISOString(), ...summary }, null, 2)}\n`,
  );
  return summary;
}

/** Into a DATA_DIR with no database yet (move the old one aside first: nothing is overwritten). */
export async function restoreSqlite(fromDir: string, dataDir: string): Promise<BackupSummary> {
  const source = join(fromDir, SQLITE_FILE);
  if (!existsSync(join(fromDir, MANIFEST)) || !existsSync(source))
    throw new Error(`${fromDir} is not a Lumbung backup (no ${MANIFEST} and ${SQLITE_FILE}).`);
  const target = join(dataDir, SQLITE_FILE);
  if (existsSync(target))
    throw new Error(
      `${target} exists. Stop the server and move DATA_DIR aside (or point DATA_DIR at a new folder), then restore: nothing is overwritten.`,
    );
  const check = integrity(source);
  if (check !== 'ok')
    throw new Error(`The backup's database is damaged (integrity_check: ${check}); nothing was restored.`);
  await mkdir(dataDir, { recursive: true });
  await copyFile(source, target);
  const photos = await copyPhotos(join(fromDir, 'blobs'), join(dataDir, 'blobs'));
  const db = new SqliteDatabase(target);
  try {
    db.prepare('update sync_counter set value = value + ? where id = 1').run(RESTORE_CURSOR_GAP);
    return {
      databaseBytes: statSync(target).size,
      ...counts(db),
      photos: photos.photos,
      photoBytes: photos.bytes,
      integrity: check,
    };
  } finally {
    db.close();
  }
}
