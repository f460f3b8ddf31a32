/**
 * The national public service portal (Cổng DVCQG, issue 16): status changes pushed by the `portal`
 * subscriber, submissions pulled into online reception, daily reconciliation, and a fake portal with
 * faults for tests and the embedded demo. See docs/INTEGRATIONS.md.
 */
export { type PortalSettings, portalSettings } from './config.ts';
export { dvcqgPortal } from './dvcqg.ts';
export { FAULTS, FakePortal, type Fault } from './fake.ts';
export { type RunningFakePortal, startFakePortal } from './fake-server.ts';
export type { PortalPort } from './port.ts';
export { PORTAL_RESYNC_TOPIC, portalSubscriber, pushKey } from './portal.subscriber.ts';
export { PORTAL_ACTOR, type PullResult, pullFromPortal } from './pull.ts';
export {
  countSyncedReceived,
  type ReconcileResult,
  reconcilePortal,
  reconcileReportText,
} from './reconcile.ts';
