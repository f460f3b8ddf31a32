-- Officials' single sign-on over OpenID Connect (issue 17): accounts made just in time may have no role
-- until an administrator's claim rule maps them, so an account's role list may be empty.

ALTER TABLE users DROP CONSTRAINT users_roles_check;
ALTER TABLE users ADD CONSTRAINT users_roles_check
  CHECK (roles <@ ARRAY['reception', 'specialist', 'leader', 'monitor', 'admin']::text[]);

CREATE TABLE sso_identities (
  issuer      text NOT NULL,
  subject     text NOT NULL,
  user_id     uuid NOT NULL UNIQUE REFERENCES users (id),
  claims      jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  seen_at     timestamptz NOT NULL,
  PRIMARY KEY (issuer, subject)
);
COMMENT ON TABLE sso_identities IS 'Which account an identity of an OpenID Connect issuer (iss, sub) signs in to; claims as last seen.';

CREATE TABLE sso_login_states (
  state          text PRIMARY KEY,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL
);
COMMENT ON TABLE sso_login_states IS 'Sign-ins under way: state, nonce and PKCE verifier kept server side; a row is deleted when its callback comes (one-time).';

CREATE TABLE sso_sessions (
  session_id  text PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  issuer      text NOT NULL,
  subject     text NOT NULL,
  sid         text,
  id_token    text NOT NULL,
  created_at  timestamptz NOT NULL
);
COMMENT ON TABLE sso_sessions IS 'Motcua sessions opened by single sign-on, with the provider session (sid) a back-channel logout ends and the ID token an RP-initiated logout sends as id_token_hint.';
CREATE INDEX sso_sessions_sid_idx ON sso_sessions (issuer, sid);
CREATE INDEX sso_sessions_subject_idx ON sso_sessions (issuer, subject);

CREATE TABLE sso_role_rules (
  id           uuid PRIMARY KEY,
  agency_code  text,
  position     text,
  roles        text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['reception', 'specialist', 'leader', 'monitor', 'admin']::text[]),
  created_by   uuid NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL
);
COMMENT ON TABLE sso_role_rules IS 'Claim rules: an official whose agency code claim matches agency_code (exact, or a prefix ending in *; null = any) and whose position claim matches position (ignoring case and diacritics; null = any) holds roles. Every matching rule adds its roles.';
