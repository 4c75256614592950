/**
 * Migrations live in code (no migration folder to ship next to the bundle) and use only
 * kysely's schema builder with portable column types, so SQLite and PostgreSQL run the same
 * ones. Never edit a shipped migration: add the next one.
 */
import { Migrator, PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const migrations: Record<string, Migration> = {
  '0001_sync': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('records')
        .addColumn('table', 'varchar(40)', (c) => c.notNull())
        .addColumn('id', 'varchar(200)', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('stamps', 'text', (c) => c.notNull())
        .addColumn('bases', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('workshop_id', 'varchar(80)')
        .addColumn('author_id', 'varchar(80)')
        .addPrimaryKeyConstraint('records_pk', ['table', 'id'])
        .execute();
      await db.schema.createIndex('records_seq').on('records').column('seq').execute();
      await db.schema.createIndex('records_workshop').on('records').columns(['workshop_id', 'seq']).execute();

      await db.schema
        .createTable('change_log')
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('table', 'varchar(40)', (c) => c.notNull())
        .addColumn('record_id', 'varchar(200)', (c) => c.notNull())
        .addColumn('field', 'varchar(60)', (c) => c.notNull())
        .addColumn('stamp', 'varchar(120)', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('base', 'varchar(120)')
        .addColumn('device_id', 'varchar(80)', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        // One row per field write: a replayed push hits this key and logs nothing twice.
        .addPrimaryKeyConstraint('change_log_pk', ['table', 'record_id', 'field', 'stamp'])
        .execute();
      await db.schema.createIndex('change_log_seq').on('change_log').column('seq').execute();

      await db.schema
        .createTable('devices')
        .addColumn('id', 'varchar(80)', (c) => c.primaryKey())
        .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(100)')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('role', 'varchar(20)')
        .addColumn('workshop_id', 'varchar(80)')
        .execute();

      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('mime', 'varchar(40)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sync_counter')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
      await db
        .insertInto('sync_counter' as never)
        .values({ id: 1, value: 0 } as never)
        .execute();
    },
  },
  // Workshops, join codes, roles. Records get owner_id (whose record it is; children
  // take their entry's author) so the pull can filter by it; devices already have role and
  // workshop_id (0001) and get expires_at from 0003.
  '0002_workshops_roles': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('records').addColumn('owner_id', 'varchar(80)').execute();
      // Rows from before: an entry is its author's; a workshop belongs to itself. (Children keep
      // null until their next write; nothing had shipped with them yet.)
      const records = db as Kysely<{
        records: {
          table: string;
          id: string;
          owner_id: string | null;
          author_id: string | null;
          workshop_id: string | null;
        };
      }>;
      await records
        .updateTable('records')
        .set({ owner_id: sql.ref('author_id') })
        .where('table', '=', 'entries')
        .execute();
      await records
        .updateTable('records')
        .set({ workshop_id: sql.ref('id') })
        .where('table', '=', 'workshops')
        .execute();
      await db.schema.createIndex('records_owner').on('records').columns(['owner_id', 'seq']).execute();
      await db.schema
        .createTable('workshop_codes')
        .addColumn('code', 'varchar(40)', (c) => c.primaryKey())
        .addColumn('workshop_id', 'varchar(80)', (c) => c.notNull())
        .addColumn('role', 'varchar(20)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('workshop_codes_workshop')
        .on('workshop_codes')
        .column('workshop_id')
        .execute();
    },
  },
  // Admin accounts. Device sign-in expiry (expires_at) belongs to 0002 when
  // that adds it; added here only if missing, so either order of landing yields one schema.
  '0003_admin': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('admins')
        .addColumn('id', 'varchar(80)', (c) => c.primaryKey())
        .addColumn('username', 'varchar(60)', (c) => c.notNull().unique())
        .addColumn('password_hash', 'varchar(300)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      // PostgreSQL checks itself. Its introspection is never used here: it reads every schema's
      // tables, and a schema another process drops meanwhile failed this migration with
      // "schema … does not exist" (seen with parallel test files on one database).
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql`alter table devices add column if not exists expires_at bigint`.execute(db);
        return;
      }
      const tables = await db.introspection.getTables();
      if (!tables.find((t) => t.name === 'devices')?.columns.some((c) => c.name === 'expires_at')) {
        await db.schema.alterTable('devices').addColumn('expires_at', 'bigint').execute();
      }
    },
  },
  // The admin's device and facilitator lists say when each device was last seen.
  '0004_device_last_seen': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('devices').addColumn('last_seen_at', 'bigint').execute();
    },
  },
  // The change log gets 12 rows per new entry, and its index on seq was read by no query
  // (history reads by record through the primary key). One b-tree less to write per field write.
  '0005_change_log_no_seq_index': {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex('change_log_seq').ifExists().execute();
    },
  },
  // GET /blobs/:sha256 serves a photo only to a device that may read an attachment
  // naming it (the pull's scope), so an attachment's photo hash gets a column and an index.
  // Partial: only attachments have one, and other records write no index entry for it.
  '0006_records_blob_sha256': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('records').addColumn('blob_sha256', 'varchar(64)').execute();
      await db.schema
        .createIndex('records_blob')
        .on('records')
        .column('blob_sha256')
        .where(sql.ref('blob_sha256'), 'is not', null)
        .execute();
      // Attachments stored before: their hash from their fields (validated when written).
      const records = db as Kysely<{
        records: { table: string; id: string; fields: string; blob_sha256: string | null };
      }>;
      const rows = await records
        .selectFrom('records')
        .select(['id', 'fields'])
        .where('table', '=', 'attachments')
        .execute();
      for (const r of rows) {
        const sha = (JSON.parse(r.fields) as { sha256?: unknown }).sha256;
        if (typeof sha !== 'string') continue;
        await records
          .updateTable('records')
          .set({ blob_sha256: sha })
          .where('table', '=', 'attachments')
          .where('id', '=', r.id)
          .execute();
      }
    },
  },
  // The change log becomes one row per write (write-log.ts says why). The old rows,
  // one per field, are grouped by record and stamp into the new table, which then takes the
  // log's name. Copied in JS a batch of records at a time, so both databases run the same code
  // and memory stays bounded on a large log.
  '0007_change_log_per_write': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('change_log_by_write')
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('table', 'varchar(40)', (c) => c.notNull())
        .addColumn('record_id', 'varchar(200)', (c) => c.notNull())
        .addColumn('stamp', 'varchar(120)', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('bases', 'text', (c) => c.notNull())
        .addColumn('device_id', 'varchar(80)', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        // One row per write: a replayed push hits this key and logs nothing twice.
        .addPrimaryKeyConstraint('change_log_write_pk', ['table', 'record_id', 'stamp'])
        .execute();
      await copyLogByWrite(db as Kysely<LogTables>);
      await db.schema.dropTable('change_log').execute();
      await db.schema.alterTable('change_log_by_write').renameTo('change_log').execute();
    },
  },
  // A device proves it is itself with a secret made on the device (only its hash is
  // kept; null = a device from before, which sets it at its first authenticated request), the
  // admin account a browser last signed in as (its sign-in skips the per-username lock), and
  // rate-limit counters shared by every process on one PostgreSQL.
  '0008_device_secret_rate_limits': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('devices').addColumn('secret_hash', 'varchar(64)').execute();
      await db.schema.alterTable('devices').addColumn('admin_id', 'varchar(80)').execute();
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('reset_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
};

/** The two logs as 0007 sees them: the old one row per field, the new one row per write. */
interface LogTables {
  change_log: {
    seq: number | string;
    table: string;
    record_id: string;
    field: string;
    stamp: string;
    value: string;
    base: string | null;
    device_id: string;
    received_at: number | string;
  };
  change_log_by_write: {
    seq: number | string;
    table: string;
    record_id: string;
    stamp: string;
    fields: string;
    bases: string;
    device_id: string;
    received_at: number | string;
  };
}

/** Records per batch of 0007's copy; rows per insert (8 parameters each). */
const COPY_RECORDS = 500;
const COPY_ROWS = 100;

/** The next `COPY_RECORDS` records of the old log after `after`, in key order. */
function recordsAfter(db: Kysely<LogTables>, after: { table: string; id: string } | null) {
  return db
    .selectFrom('change_log')
    .select(['table', 'record_id'])
    .distinct()
    .$if(after !== null, (q) =>
      q.where((eb) => eb(eb.refTuple('table', 'record_id'), '>', eb.tuple(after!.table, after!.id))),
    )
    .orderBy('table')
    .orderBy('record_id')
    .limit(COPY_RECORDS)
    .execute();
}

async function copyLogByWrite(db: Kysely<LogTables>): Promise<void> {
  let after: { table: string; id: string } | null = null;
  for (;;) {
    const records = await recordsAfter(db, after);
    if (records.length === 0) return;
    // Self-contained on purpose (not write-log.ts's LogBook): a shipped migration must not
    // change when the live code does. In seq order, so a write's first logging names it.
    const byWrite = new Map<string, { row: LogTables['change_log']; fields: object; bases: object }>();
    for (const [table, ids] of groupIds(records)) {
      const rows = await db
        .selectFrom('change_log')
        .selectAll()
        .where('table', '=', table)
        .where('record_id', 'in', ids)
        .orderBy('seq')
        .orderBy('field')
        .execute();
      for (const r of rows) {
        const k = `${r.table}\u0000${r.record_id}\u0000${r.stamp}`;
        let w = byWrite.get(k);
        if (!w) byWrite.set(k, (w = { row: r, fields: {}, bases: {} }));
        (w.fields as Record<string, unknown>)[r.field] = JSON.parse(r.value);
        if (r.base !== null) (w.bases as Record<string, string>)[r.field] = r.base;
      }
    }
    const rows = [...byWrite.values()].map(({ row, fields, bases }) => ({
      seq: row.seq,
      table: row.table,
      record_id: row.record_id,
      stamp: row.stamp,
      fields: JSON.stringify(fields),
      bases: JSON.stringify(bases),
      device_id: row.device_id,
      received_at: row.received_at,
    }));
    for (let i = 0; i < rows.length; i += COPY_ROWS)
      await db
        .insertInto('change_log_by_write')
        .values(rows.slice(i, i + COPY_ROWS))
        .execute();
    const last = records.at(-1)!;
    after = { table: last.table, id: last.record_id };
  }
}

function groupIds(records: { table: string; record_id: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of records) {
    const ids = out.get(r.table);
    if (ids) ids.push(r.record_id);
    else out.set(r.table, [r.record_id]);
  }
  return out;
}

/** The uploader recorded for photos that records named before uploads were recorded. */
export const LEGACY_UPLOADER = '(before-0010)';

/**
 * Which device uploaded which photo (store/blob-uploads.ts), for the per-device quota
 * of photos no record names yet and for the rule that an attachment names only a photo its
 * device uploaded or may read. Photos that records already name get a placeholder uploader, so
 * that rule holds for them at once; photos stored before and named by nothing have none (any
 * device may still name them, as before) until the sweep removes them after its grace period.
 */
const blobUploads: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('blob_uploads')
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('device_id', 'varchar(80)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('blob_uploads_pk', ['sha256', 'device_id'])
      .execute();
    await db.schema.createIndex('blob_uploads_device').on('blob_uploads').column('device_id').execute();
    await sql`insert into blob_uploads (sha256, device_id, created_at)
      select b.sha256, ${LEGACY_UPLOADER}, b.created_at from blobs b
      where exists (select 1 from records r where r.blob_sha256 = b.sha256)`.execute(db);
  },
};
// Added here rather than in the literal above, so that migrations other branches add at its end
// merge without a conflict.
migrations['0010_blob_uploads'] = blobUploads;

/**
 * Photo uploads that resume (routes/blob-chunks.ts). One row per photo a device has
 * begun and not finished: how many bytes arrived (the file under DATA_DIR/blobs/partials holds
 * them), the size it declared (counted against its quota) and when it last grew (for the sweep).
 */
migrations['0013_blob_partials'] = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('blob_partials')
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('device_id', 'varchar(80)', (c) => c.notNull())
      .addColumn('mime', 'varchar(40)', (c) => c.notNull())
      .addColumn('total', 'bigint', (c) => c.notNull())
      .addColumn('received', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('blob_partials_pk', ['sha256', 'device_id'])
      .execute();
    await db.schema.createIndex('blob_partials_device').on('blob_partials').column('device_id').execute();
    await db.schema.createIndex('blob_partials_updated').on('blob_partials').column('updated_at').execute();
  },
};

/** Follow-ups of stagnant innovations (store/follow-ups.ts): one row per entry. */
migrations['0014_follow_ups'] = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('follow_ups')
      .addColumn('entry_id', 'varchar(200)', (c) => c.primaryKey())
      .addColumn('penanggung_jawab', 'varchar(400)', (c) => c.notNull())
      .addColumn('target', 'varchar(10)')
      .addColumn('catatan', 'text', (c) => c.notNull())
      .addColumn('selesai', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'varchar(80)')
      .execute();
  },
};

migrations['0015_pick_lists'] = {
  async up(db: Kysely<unknown>) {
    // One row per kind and year that an admin edited (store/pick-lists.ts); `items` is JSON.
    await db.schema
      .createTable('pick_lists')
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('pick_lists_pk', ['kind', 'year'])
      .execute();
    // Every value ever saved on a list of a kind: what the server accepts in an entry, so a
    // device holding an older list is never refused for a value the admin later removed.
    await db.schema
      .createTable('pick_list_values')
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('value', 'varchar(150)', (c) => c.notNull())
      .addPrimaryKeyConstraint('pick_list_values_pk', ['kind', 'value'])
      .execute();
  },
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

/** Migrations this code knows that the database has not run (also proves the database answers). */
export async function pendingMigrations(db: Kysely<unknown>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Bring the database to the latest schema (or only up to migration `upTo`, as a database an
 * earlier release left, for tests); throws with the failing migration's error. Unordered
 * migrations are allowed because 0003 landed before 0002: a database that ran 0003 first still
 * gets 0002 (they touch different tables). */
export async function migrateToLatest(db: Kysely<unknown>, schema?: string, upTo?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    allowUnorderedMigrations: true,
    // Without a schema kysely looks for its own tables in EVERY schema and skips creating
    // them when another schema has them (one PostgreSQL database, several schemas).
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await (upTo ? migrator.migrateTo(upTo) : migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
}
