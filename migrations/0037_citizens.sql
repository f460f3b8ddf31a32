-- Citizens' e-ID sign-in (issue 17 item 2): a citizen account bound to the personal ID VNeID verified, the
-- citizen's own sessions (apart from officials' sessions), and sign-ins under way told apart by who signs in.

ALTER TABLE sso_login_states ADD COLUMN flow text NOT NULL DEFAULT 'official' CHECK (flow IN ('official', 'citizen'));
ALTER TABLE sso_login_states ADD COLUMN return_to text CHECK (return_to IS NULL OR (return_to ~ '^/[^/\\]' AND length(return_to) <= 500));
COMMENT ON COLUMN sso_login_states.flow IS 'Who signs in: an official (city SSO) or a citizen (VNeID); a state is taken only by its own callback.';
COMMENT ON COLUMN sso_login_states.return_to IS 'The page of this site a citizen goes back to after signing in.';

CREATE TABLE citizens (
  id              uuid PRIMARY KEY,
  issuer          text NOT NULL,
  subject         text NOT NULL,
  personal_id     text NOT NULL UNIQUE CHECK (personal_id ~ '^[0-9]{12}$'),
  full_name       text NOT NULL,
  birth_date      date,
  sex             text CHECK (sex IN ('male', 'female')),
  address         text,
  identity_level  smallint NOT NULL,
  claims          jsonb NOT NULL,
  created_at      timestamptz NOT NULL,
  seen_at         timestamptz NOT NULL,
  UNIQUE (issuer, subject)
);
COMMENT ON TABLE citizens IS 'Citizen accounts made on the first e-ID (VNeID) sign-in, bound to the personal ID the identity provider verified; name, birth date, sex and address follow the claims at every sign-in.';

CREATE TABLE citizen_sessions (
  id          uuid PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  citizen_id  uuid NOT NULL REFERENCES citizens (id),
  issuer      text NOT NULL,
  sid         text,
  id_token    text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
COMMENT ON TABLE citizen_sessions IS 'A citizen''s sessions opened by e-ID sign-in (cookie motcua_citizen; only the SHA-256 of the token is kept), with the provider session (sid) a back-channel logout ends and the ID token an RP-initiated logout sends as id_token_hint.';
CREATE INDEX citizen_sessions_sid_idx ON citizen_sessions (issuer, sid);
CREATE INDEX citizen_sessions_citizen_idx ON citizen_sessions (citizen_id);
