-- Passwords an administrator reset must be changed at the next sign-in; failed sign-ins are counted in the
-- database (per account and per client address), so a lockout holds across restarts and processes.

ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz;
COMMENT ON COLUMN users.must_change_password IS 'Set by an administrator''s password reset; the official must choose a new password before anything else.';

CREATE TABLE login_throttle (
  key              text PRIMARY KEY,
  failures         integer NOT NULL CHECK (failures >= 0),
  window_start     timestamptz NOT NULL,
  last_failure_at  timestamptz NOT NULL,
  locked_until     timestamptz
);
COMMENT ON TABLE login_throttle IS 'Failed sign-ins: key = account:<username as typed, lowercased> (known or not) or address:<client IP>; locked_until refuses sign-ins until then.';
CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at);
