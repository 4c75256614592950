export type * from './types.ts';
export { createSqliteStore } from './sqlite.ts';
export { createPostgresStore } from './postgres.ts';
