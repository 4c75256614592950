/**
 * What the real server stored, read straight from its SQLite file (read-only, a fresh connection
 * per look, so each sees the latest commit of the running server's WAL).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface ServerRecord {
  table: string;
  id: string;
  fields: Record<string, unknown>;
  author_id: string | null;
  owner_id: string | null;
  workshop_id: string | null;
}

function open<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'lumbung.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Every record of one synced table, fields parsed. */
export function serverRecords(dataDir: string, table: string): ServerRecord[] {
  return open(dataDir, (db) =>
    (
      db
        .prepare(
          'select "table", id, fields, author_id, owner_id, workshop_id from records where "table" = ? order by id',
        )
        .all(table) as (Omit<ServerRecord, 'fields'> & { fields: string })[]
    ).map((r) => ({ ...r, fields: JSON.parse(r.fields) as Record<string, unknown> })),
  );
}

/** Field writes in the change log (one row per write, holding its fields), in all or of one table. */
export function changeLogCount(dataDir: string, table?: string): number {
  const fields = 'select count(*) as n from change_log, json_each(change_log.fields)';
  return open(dataDir, (db) => {
    const row = (
      table ? db.prepare(`${fields} where change_log."table" = ?`).get(table) : db.prepare(fields).get()
    ) as { n: number };
    return row.n;
  });
}

/** The stored hash of a device's own secret (issue 19), or null (none yet, or no such device). */
export function deviceSecretHash(dataDir: string, deviceId: string): string | null {
  return open(dataDir, (db) => {
    const row = db.prepare('select secret_hash from devices where id = ?').get(deviceId) as
      { secret_hash: string | null } | undefined;
    return row?.secret_hash ?? null;
  });
}
