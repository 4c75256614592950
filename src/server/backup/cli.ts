/** `npm run admin -- backup --out <dir>` and `restore --from <dir>`: run before any store is
 * opened (a restore must not create an empty database first). */
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { redactUrl } from '../config.ts';
import { copyPhotos } from './photos.ts';
import { backupSqlite, RESTORE_CURSOR_GAP, restoreSqlite, type BackupSummary } from './sqlite.ts';

export const BACKUP_USAGE = `  backup --out <dir>    a consistent copy of the database and photos, while the server runs
                        (SQLite; on PostgreSQL: the photos, and the pg_dump command to run)
  restore --from <dir>  a backup into DATA_DIR, which must have no database yet`;

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function report(verb: string, dir: string, s: BackupSummary): void {
  console.log(`${verb} ${dir}:`);
  console.log(`  database  ${mb(s.databaseBytes)}  (integrity_check: ${s.integrity})`);
  console.log(`  records   ${s.records}  (change log ${s.changeLog} rows, devices ${s.devices})`);
  console.log(`  photos    ${s.photos}  (${mb(s.photoBytes)})`);
}

/** null when `command` is not a backup command. */
export async function runBackupCommand(
  config: Config,
  command: string,
  option: (name: string) => string | undefined,
): Promise<number | null> {
  if (command !== 'backup' && command !== 'restore') return null;
  if (command === 'backup') {
    const out = option('out');
    if (!out) {
      console.error('backup needs --out <dir> (a new or empty folder).');
      return 1;
    }
    if (config.databaseUrl) {
      const photos = await copyPhotos(join(config.dataDir, 'blobs'), join(out, 'blobs'));
      console.log(`Photos: ${photos.photos} (${mb(photos.bytes)}) copied to ${join(out, 'blobs')}.`);
      console.log('The database is PostgreSQL: back it up with its own tool, AFTER the photos were copied:');
      console.log(
        `  pg_dump --format=custom --file=${join(out, 'lumbung.dump')} '${redactUrl(config.databaseUrl)}'`,
      );
      console.log(
        'Restore: pg_restore --clean --if-exists --dbname=<url> lumbung.dump, copy blobs/ into DATA_DIR,',
      );
      console.log(
        `then: psql <url> -c 'update sync_counter set value = value + ${RESTORE_CURSOR_GAP} where id = 1'`,
      );
      console.log(
        '(so devices that synced after the backup find the next writes above their cursors; docs/deploy.md).',
      );
      return 0;
    }
    const summary = await backupSqlite(config.dataDir, out, new Date());
    report('Backup written to', out, summary);
    return summary.integrity === 'ok' ? 0 : 1;
  }
  const from = option('from');
  if (!from) {
    console.error('restore needs --from <backup dir>.');
    return 1;
  }
  if (config.databaseUrl) {
    console.error(
      'DATABASE_URL is set: restore PostgreSQL with pg_restore (docs/deploy.md), and copy blobs/ into DATA_DIR.',
    );
    return 1;
  }
  const summary = await restoreSqlite(from, config.dataDir);
  report('Restored into', config.dataDir, summary);
  return 0;
}
