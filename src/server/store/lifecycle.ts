/** The database under every store part: which engine, its migrations, and closing it. */

export type DbEngine = 'sqlite' | 'postgres';

export interface StoreLifecycle {
  readonly engine: DbEngine;
  /** Run pending migrations (called once at start; safe to call from several processes). */
  migrate(): Promise<void>;
  /** GET /ready: throws when the database does not answer (or its file is gone); else the names
   * of migrations not yet applied (empty when the schema is at head). */
  pendingMigrations(): Promise<string[]>;
  close(): Promise<void>;
}
