/** Notify: the notification-log handler of the outbox, and the outbox's dead letters through the API. */

export { notifyRoutes } from './notify.routes.ts';
export { notificationLogHandler } from './notify.service.ts';
