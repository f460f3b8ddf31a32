-- Subscriptions (issue 16): one delivery per message and subscriber, each with its own attempts, backoff,
-- dead letter and retry, so a failing subscriber never delays or repeats another.

CREATE TABLE subscriptions (
  name           text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{1,39}$'),
  topics         text[] NOT NULL,
  registered_at  timestamptz NOT NULL
);
COMMENT ON TABLE subscriptions IS 'Who receives which outbox topics (a topic ending in "." is a prefix); registered by the composition root (main.ts) at start. A message gets one outbox_deliveries row per matching subscription, in the statement that writes it.';

CREATE TABLE outbox_deliveries (
  seq              bigserial PRIMARY KEY,
  message_id       uuid NOT NULL REFERENCES outbox (id),
  subscriber       text NOT NULL REFERENCES subscriptions (name),
  topic            text NOT NULL,
  key              text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'dead', 'resolved')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  created_at       timestamptz NOT NULL,
  last_error       text,
  dead_at          timestamptz,
  resolved_at      timestamptz,
  resolved_by      uuid,
  resolved_note    text,
  UNIQUE (message_id, subscriber)
);
COMMENT ON TABLE outbox_deliveries IS 'One row per (message, subscriber) not yet delivered: pending (with its own attempts and backoff), dead (after its last attempt, with the error) or resolved (an operator closed it with a note). A delivered row is deleted; the message stays in outbox.';
CREATE INDEX outbox_deliveries_due_idx ON outbox_deliveries (subscriber, next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_deliveries_key_idx ON outbox_deliveries (subscriber, key, seq) WHERE status <> 'resolved';
CREATE INDEX outbox_deliveries_dead_idx ON outbox_deliveries (subscriber, dead_at) WHERE status = 'dead';

-- From here on what is left to deliver is in outbox_deliveries: new messages are written with status
-- 'done', and messages still 'pending' here get their deliveries when the subscriptions are first
-- registered (registerSubscriptions, at start), which then marks them done.
COMMENT ON TABLE outbox IS 'Messages for other systems, written in the same statement or transaction as the change together with one outbox_deliveries row per matching subscription; kept after delivery. status, attempts and last_error are from before subscriptions (migration 0029): new messages are written done.';
