export {
  type Database,
  type Db,
  isDatabaseUnavailable,
  openDatabase,
  openPglite,
  openPostgres,
} from './database.ts';
export { MIGRATION_NAME, type MigrationFile, migrate, readMigrations } from './migrate.ts';
export type * from './schema.ts';
export { inTransaction, type Tx } from './unit-of-work.ts';
