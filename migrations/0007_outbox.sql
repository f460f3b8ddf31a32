-- Guaranteed delivery to other systems: rows written in the business transaction, dispatched after commit.

CREATE TABLE outbox (
  id               uuid PRIMARY KEY,
  topic            text NOT NULL,
  key              text NOT NULL,
  payload          jsonb NOT NULL,
  idempotency_key  text NOT NULL UNIQUE,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  last_error       text,
  created_at       timestamptz NOT NULL,
  processed_at     timestamptz
);
COMMENT ON TABLE outbox IS 'Messages for other systems written in the same transaction as the change; a dispatcher (safe with several processes: FOR UPDATE SKIP LOCKED) delivers them with retries and backoff, then marks them done or dead.';
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';

CREATE TABLE notification_log (
  id           uuid PRIMARY KEY,
  outbox_id    uuid NOT NULL UNIQUE REFERENCES outbox (id),
  topic        text NOT NULL,
  key          text NOT NULL,
  payload      jsonb NOT NULL,
  delivered_at timestamptz NOT NULL
);
COMMENT ON TABLE notification_log IS 'What the built-in notification-log handler delivered (one row per outbox message, however often it was retried); real connectors come later.';
