-- Sessions an official can recognise and revoke (issue 17 item 5), and TOTP second factor for sign-in
-- (RFC 6238; required for administrators). Idle and absolute timeouts are decided per request from the
-- user's roles (docs/SESSIONS.md); expires_at stays the absolute end the session was opened with.

ALTER TABLE sessions ADD COLUMN client_address text;
ALTER TABLE sessions ADD COLUMN user_agent text CHECK (length(user_agent) <= 200);
ALTER TABLE sessions ADD COLUMN method text NOT NULL DEFAULT 'password' CHECK (length(method) BETWEEN 1 AND 40);
ALTER TABLE sessions ADD COLUMN mfa_enrolment_required boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN sessions.client_address IS 'The client address the session was opened from (to recognise it in "my sessions").';
COMMENT ON COLUMN sessions.user_agent IS 'A short summary of the browser (e.g. "Chrome 131 trên Windows"), not the whole header.';
COMMENT ON COLUMN sessions.method IS 'How the user signed in: password, password+totp, or another method (sso, ...).';
COMMENT ON COLUMN sessions.mfa_enrolment_required IS 'An administrator without TOTP signed in with a password: the session may only enrol TOTP (403 auth.mfa_required elsewhere).';

CREATE TABLE totp_credentials (
  user_id          uuid PRIMARY KEY REFERENCES users (id),
  secret           text NOT NULL,
  created_at       timestamptz NOT NULL,
  confirmed_at     timestamptz,
  last_used_step   integer
);
COMMENT ON TABLE totp_credentials IS 'One TOTP secret per official (AES-256-GCM, key derived from the audit key outside the database); confirmed_at is null until a first code proved the enrolment; last_used_step refuses a code replayed within its window.';

CREATE TABLE login_challenges (
  id              text PRIMARY KEY,
  user_id         uuid NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  client_address  text,
  user_agent      text
);
COMMENT ON TABLE login_challenges IS 'A password accepted, waiting for the TOTP code (5 minutes, 5 attempts); id is the SHA-256 of the challenge token given to the client.';
CREATE INDEX login_challenges_user_idx ON login_challenges (user_id);
