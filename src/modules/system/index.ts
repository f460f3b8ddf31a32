/** System: health. */
export { systemRoutes } from './system.routes.ts';
