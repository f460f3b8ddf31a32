-- Payments (issue 18 items 3–5): one row per payment attempt of a record's fees, online through the national
-- payment platform, by bank transfer (VietQR) or at the counter (cash, card); the platform's callbacks as
-- received (accepted or refused); incoming bank transfers from the bank's statement; the daily reconciliation
-- against the platform's statement.

CREATE TABLE payments (
  id                  uuid PRIMARY KEY,
  record_id           uuid NOT NULL REFERENCES records (id),
  record_code         text NOT NULL,
  procedure_code      text NOT NULL,
  agency_id           uuid NOT NULL,
  channel             text NOT NULL CHECK (channel IN ('online', 'transfer', 'cash', 'card')),
  amount_vnd          bigint NOT NULL CHECK (amount_vnd > 0),
  currency            text NOT NULL DEFAULT 'VND' CHECK (currency = 'VND'),
  state               text NOT NULL CHECK (state IN ('pending', 'paid', 'failed', 'expired')),
  provider_ref        text UNIQUE,
  redirect_url        text,
  transfer_reference  text,
  expires_at          timestamptz,
  settled_at          timestamptz,
  settled_by          text,
  failure_reason      text,
  receipt_number      text UNIQUE,
  counter_receipt     text,
  record_confirmed_at timestamptz,
  note                text,
  refunded_at         timestamptz,
  refunded_by         text,
  refund_reason       text,
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL,
  CHECK ((state = 'pending') = (settled_at IS NULL)),
  CHECK ((state = 'paid') = (receipt_number IS NOT NULL)),
  CHECK (refunded_at IS NULL OR state = 'paid')
);
COMMENT ON TABLE payments IS 'One row per payment attempt of a record''s fees (integer VND): online through the national payment platform (provider_ref, redirect_url), by bank transfer matched from the bank statement (transfer_reference), or at the counter (cash, card, with the number of the receipt the officer gave: counter_receipt). state pending → paid | failed | expired, once; a paid payment has its receipt number (the e-receipt''s) and confirms the record''s payment (record_confirmed_at) in the same transaction; a refund (reason, who, when) is audited.';
CREATE UNIQUE INDEX payments_one_pending_idx ON payments (record_id, channel) WHERE state = 'pending';
CREATE INDEX payments_record_idx ON payments (record_id, created_at);
CREATE INDEX payments_settled_idx ON payments (settled_at) WHERE state = 'paid';
CREATE INDEX payments_pending_idx ON payments (created_at) WHERE state = 'pending';

CREATE SEQUENCE payment_receipt_seq;

CREATE TABLE payment_callbacks (
  id           uuid PRIMARY KEY,
  received_at  timestamptz NOT NULL,
  event_id     text,
  payment_id   uuid,
  provider_ref text,
  reference    text,
  status       text,
  amount_vnd   bigint,
  currency     text,
  outcome      text NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'superseded', 'conflict', 'bad_signature',
                                                'unknown_payment', 'wrong_amount', 'wrong_currency', 'invalid')),
  detail       text
);
COMMENT ON TABLE payment_callbacks IS 'Every callback of the payment platform to POST /api/payments/callbacks: applied (settled the payment), duplicate (the same outcome again), superseded (an interim status after the final one), conflict (a final status contradicting the settled one: reconciliation reports it), or refused: bad_signature (401), unknown_payment (404), wrong_amount or wrong_currency (422), invalid (422).';
CREATE INDEX payment_callbacks_payment_idx ON payment_callbacks (payment_id, received_at);

CREATE TABLE bank_transfers (
  id             uuid PRIMARY KEY,
  bank_ref       text NOT NULL UNIQUE,
  booked_at      timestamptz NOT NULL,
  amount_vnd     bigint NOT NULL,
  reference      text NOT NULL,
  payment_id     uuid REFERENCES payments (id),
  outcome        text NOT NULL CHECK (outcome IN ('matched', 'no_record', 'wrong_amount')),
  detail         text,
  imported_at    timestamptz NOT NULL
);
COMMENT ON TABLE bank_transfers IS 'Incoming transfers to the agency''s account from the bank''s statement, once each (bank_ref): matched to a payment by the record code in the transfer''s reference and the amount, or left with why not for an official: no_record (the reference names no record awaiting payment) or wrong_amount (not the amount due).';

CREATE TABLE payment_reconciliations (
  id            uuid PRIMARY KEY,
  day           date NOT NULL,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL,
  trigger       text NOT NULL CHECK (trigger IN ('job', 'cli', 'api')),
  provider_rows integer NOT NULL,
  local_rows    integer NOT NULL,
  matched       integer NOT NULL,
  settled       integer NOT NULL,
  differences   jsonb NOT NULL
);
COMMENT ON TABLE payment_reconciliations IS 'Each run of the daily reconciliation of online payments against the payment platform''s statement for a Vietnam day: rows on each side, how many matched, how many pending payments it settled by asking the platform first, and the differences left (missing here, missing at the platform, amount or state disagreeing).';
CREATE INDEX payment_reconciliations_day_idx ON payment_reconciliations (day, started_at);
