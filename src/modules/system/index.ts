/** System: health; what the database is for (demo or benchmark marks that allow simulations). */
export {
  type DatabasePurpose,
  databaseMark,
  markDatabase,
  requireDemoOrBenchDatabase,
} from './database-mark.ts';
export { systemRoutes } from './system.routes.ts';
