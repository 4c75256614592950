/** `npm run admin -- backup --out <dir>` and `restore --from <dir>`: run before any store is
 * opened (a restore must not create an empty database first). */
import type { Config } from '../config.ts';
import { backupPostgres } from './postgres.ts';
import { backupSqlite, RESTORE_CURSOR_GAP, restoreSqlite, type BackupSummary } from './sqlite.ts';

export const BACKUP_USAGE = `  backup --out <dir>    a consistent copy of the database and photos, while the server runs
                        (SQLite: online backup API; PostgreSQL: pg_dump), then the photos
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
      const s = await backupPostgres(config.databaseUrl, config.dataDir, out, new Date());
      console.log(`Backup written to ${out}:`);
      console.log(`  database  ${mb(s.dumpBytes)}  (pg_dump, custom format: lumbung.dump)`);
      console.log(`  photos    ${s.photos}  (${mb(s.photoBytes)})`);
      console.log(
        `Restore: see docs/deploy.md (pg_restore, the photos, then the sync counter + ${RESTORE_CURSOR_GAP}).`,
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
