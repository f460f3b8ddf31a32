/**
 * Notify: messages to citizens about their records (issue 18) — subscriber `notify` renders them from record
 * events, `notify-email`, `notify-sms`, `notify-zalo` send them through their providers; delivery receipts;
 * each record's messages with their timeline. Also the notification-log handler of the outbox and the
 * outbox's legacy dead letters through the API. Errors: notify.bad_signature, notify.unknown_message.
 */

export { notifyPortsFrom, notifySecret, type StartedNotifyPorts } from './config.ts';
export {
  applyReceipt,
  notificationsOf,
  notifySubscriber,
  planDelivery,
  SEND_ATTEMPTS,
  sendOne,
  sendSubscriber,
} from './notify.delivery.ts';
export { notifyRoutes } from './notify.routes.ts';
export { notificationLogHandler } from './notify.service.ts';
export {
  type DeliveryReceipt,
  type NotificationPort,
  type NotificationPorts,
  RECEIPT_SIGNATURE_HEADER,
  SendError,
  signReceipt,
} from './port.ts';
export { startFakeProvider } from './providers/fake-provider.ts';
export { startLocalSmtp } from './providers/local-smtp.ts';
export { smsAdapter } from './providers/sms.ts';
export { smtpAdapter } from './providers/smtp.ts';
export { zaloAdapter } from './providers/zalo.ts';
