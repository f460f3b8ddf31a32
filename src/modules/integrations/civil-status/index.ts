/**
 * Civil status (hộ tịch, issue 16): received records of civil-status procedures handed over to the
 * civil-status software (subscriber `civil-status`), results pulled back on a schedule and reconciled daily.
 */
export { civilStatusRoutes } from './civil-status.routes.ts';
export { pullResults, reconcile, reconciliationText } from './civil-status.service.ts';
export { civilStatusSubscriber } from './civil-status.subscriber.ts';
export { civilStatusPortFrom, civilStatusSettings } from './config.ts';
export { startFakeCivilStatus } from './fake-server.ts';
export { hotichAdapter } from './hotich.ts';
export type { CivilStatusPort } from './port.ts';
