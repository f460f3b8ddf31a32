-- Vietnam Post (issue 16): results returned by post — the shipment handed to the post with its tracking
-- number, and every callback the post sent about it (accepted or refused).

CREATE TABLE post_shipments (
  id                 uuid PRIMARY KEY,
  record_id          uuid NOT NULL REFERENCES records (id),
  record_code        text NOT NULL,
  message_id         uuid NOT NULL UNIQUE,
  tracking_number    text NOT NULL UNIQUE,
  address            text NOT NULL,
  recipient_name     text NOT NULL,
  return_agency_id   uuid,
  status             text NOT NULL CHECK (status IN ('handed_over', 'delivered', 'returned')),
  status_at          timestamptz NOT NULL,
  return_reason      text,
  record_returned_at timestamptz,
  note               text,
  created_at         timestamptz NOT NULL
);
COMMENT ON TABLE post_shipments IS 'Results handed to Vietnam Post for delivery (subscriber post, one per outbox message): the tracking number, the address, and the latest status the post reported (delivered, or returned to sender with the reason, shown to the return point''s officials); record_returned_at when the delivery closed the record (return_result as system:post).';
CREATE INDEX post_shipments_record_idx ON post_shipments (record_id, created_at);
CREATE INDEX post_shipments_returned_idx ON post_shipments (return_agency_id, status_at) WHERE status = 'returned';

CREATE TABLE post_callbacks (
  id               uuid PRIMARY KEY,
  received_at      timestamptz NOT NULL,
  event_id         text,
  tracking_number  text,
  kind             text,
  occurred_at      timestamptz,
  outcome          text NOT NULL CHECK (outcome IN ('applied', 'superseded', 'duplicate', 'bad_signature', 'unknown_tracking')),
  detail           text
);
COMMENT ON TABLE post_callbacks IS 'Every callback of the post to POST /api/integrations/post/callbacks: applied (changed the shipment), superseded (an older event arriving after a newer one), duplicate (an event id already applied), bad_signature (HMAC did not match: 401) or unknown_tracking (404).';
CREATE UNIQUE INDEX post_callbacks_event_idx ON post_callbacks (event_id) WHERE outcome IN ('applied', 'superseded');
