-- Issue 18 (fees, VietQR): the bank account an agency collects fees into (Decree 61/2018 art. 22 a: payment
-- directly or by transfer to the competent body's fee account). One account per agency, set by an
-- administrator (PUT /api/agencies/:id/bank-account); a record's VietQR code transfers to the competent
-- agency's account, else the receiving agency's (docs/FEES.md).
CREATE TABLE agency_bank_accounts (
  agency_id       uuid PRIMARY KEY REFERENCES agencies (id),
  bank_bin        text NOT NULL CHECK (bank_bin ~ '^[0-9]{6}$'),
  bank_name       text NOT NULL CHECK (length(bank_name) BETWEEN 1 AND 200),
  account_number  text NOT NULL CHECK (account_number ~ '^[A-Za-z0-9]{1,19}$'),
  account_name    text NOT NULL CHECK (length(account_name) BETWEEN 1 AND 200),
  updated_at      timestamptz NOT NULL,
  updated_by      text NOT NULL
);
COMMENT ON TABLE agency_bank_accounts IS 'The account an agency collects fees into (NAPAS BIN, account, holder): the beneficiary of its VietQR codes.';
COMMENT ON COLUMN agency_bank_accounts.bank_bin IS 'The bank''s 6-digit NAPAS BIN (e.g. 970436), tag 38-01-00 of a VietQR payload.';
COMMENT ON COLUMN agency_bank_accounts.account_number IS 'The account number, tag 38-01-01 of a VietQR payload (1–19 letters or digits).';
COMMENT ON COLUMN agency_bank_accounts.updated_by IS 'The administrator who set it (user id).';
