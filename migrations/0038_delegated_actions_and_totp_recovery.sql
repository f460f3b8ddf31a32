-- Delegation in record actions (issue 17 item 4): an event done by a delegate names the leader it was done
-- for, beside the actor (the delegate), so the history says who acted for whom.

ALTER TABLE record_events ADD COLUMN on_behalf_of uuid REFERENCES users (id);
COMMENT ON COLUMN record_events.on_behalf_of IS 'The leader whose action actor_id (the delegate) took under a running delegation; null when the actor acted in their own name.';

-- TOTP recovery codes (docs/SESSIONS.md): ten one-time codes shown once when the enrolment is confirmed, each
-- usable once instead of a TOTP code. Only an HMAC of each is kept, under a key derived from the audit key
-- (outside the database), so a copy of the database gives neither the codes nor a way to test guesses.
CREATE TABLE totp_recovery_codes (
  user_id     uuid NOT NULL REFERENCES users (id),
  code_hash   text NOT NULL,
  created_at  timestamptz NOT NULL,
  used_at     timestamptz,
  PRIMARY KEY (user_id, code_hash)
);
COMMENT ON TABLE totp_recovery_codes IS 'One-time recovery codes of an official''s TOTP (HMAC-SHA-256 under a key derived from the audit key); used_at set when one signs in.';

-- Single sign-on linked to an existing local account (docs/IDENTITY.md, Linking): the first sign-in of an
-- identity signs in to the official's existing account (same e-mail, else same username, same agency)
-- instead of making a second one. linked_by says which claim matched; null for an account made by SSO.
ALTER TABLE sso_identities ADD COLUMN linked_by text CHECK (linked_by IN ('email', 'username'));
COMMENT ON COLUMN sso_identities.linked_by IS 'How the identity was linked to an existing local account (email | username); null when its account was made by single sign-on. A linked account keeps the roles and agency its administrators give it.';
