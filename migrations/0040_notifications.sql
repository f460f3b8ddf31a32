-- Notifications to citizens (issue 18): every message sent about a record (e-mail, SMS, Zalo ZNS) with its
-- delivery state and the steps that led there, the providers' delivery receipts (accepted or refused), and
-- each channel's throttle (a provider's "retry after").

CREATE TABLE notification_messages (
  id                   uuid PRIMARY KEY,
  record_id            uuid NOT NULL REFERENCES records (id),
  source_message_id    uuid NOT NULL,
  kind                 text NOT NULL,
  channel              text NOT NULL CHECK (channel IN ('email', 'sms', 'zalo')),
  recipient            text NOT NULL,
  language             text NOT NULL CHECK (language IN ('vi', 'en')),
  subject              text NOT NULL,
  body                 text NOT NULL,
  short_text           text NOT NULL,
  status               text NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'dead')),
  attempts             integer NOT NULL DEFAULT 0,
  provider_message_id  text,
  last_error           text,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  UNIQUE (source_message_id, kind, channel)
);
COMMENT ON TABLE notification_messages IS 'Every message to a citizen (subscriber notify renders it from a record event; notify-email, notify-sms, notify-zalo send it): the text as sent, the recipient, the status (queued, sent = the provider accepted it, delivered = its receipt said so, failed = the last attempt failed and it will be retried, dead = out of attempts, retried from the integrations page).';
CREATE INDEX notification_messages_record_idx ON notification_messages (record_id, created_at);
CREATE UNIQUE INDEX notification_messages_provider_idx ON notification_messages (channel, provider_message_id)
  WHERE provider_message_id IS NOT NULL;

CREATE TABLE notification_events (
  id          uuid PRIMARY KEY,
  message_id  uuid NOT NULL REFERENCES notification_messages (id),
  status      text NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'retried', 'throttled', 'dead', 'undelivered')),
  detail      text,
  at          timestamptz NOT NULL
);
COMMENT ON TABLE notification_events IS 'The timeline of each notification message: queued, each attempt''s outcome (sent, failed, throttled with the provider''s retry-after), retried (a later attempt after a failure), dead, and the receipt (delivered or undelivered).';
CREATE INDEX notification_events_message_idx ON notification_events (message_id, at);

CREATE TABLE notification_receipts (
  id                   uuid PRIMARY KEY,
  provider             text NOT NULL,
  event_id             text,
  provider_message_id  text,
  status               text,
  outcome              text NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'superseded', 'bad_signature', 'unknown_message')),
  detail               text,
  received_at          timestamptz NOT NULL
);
COMMENT ON TABLE notification_receipts IS 'Every delivery receipt a provider (sms, zalo) sent to POST /api/notify/receipts/{provider}: applied, duplicate (an event id already applied), superseded (after a final state), bad_signature (refused 401: no body kept) or unknown_message (404).';
CREATE UNIQUE INDEX notification_receipts_event_idx ON notification_receipts (provider, event_id) WHERE outcome IN ('applied', 'superseded');

CREATE TABLE notification_throttles (
  channel     text PRIMARY KEY CHECK (channel IN ('email', 'sms', 'zalo')),
  until       timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
COMMENT ON TABLE notification_throttles IS 'A channel its provider throttled: nothing is sent on it before until (the provider''s Retry-After), by any process.';
