-- Officials' accounts and server-side sessions.

CREATE TABLE users (
  id             uuid PRIMARY KEY,
  username       text NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 3 AND 64),
  display_name   text NOT NULL,
  password_hash  text NOT NULL,
  agency_id      uuid NOT NULL REFERENCES agencies (id),
  roles          text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['reception', 'specialist', 'leader', 'monitor', 'admin']::text[]),
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL
);
COMMENT ON TABLE users IS 'Officials; roles (reception, specialist, leader, monitor, admin) apply within agency_id.';
CREATE INDEX users_agency_idx ON users (agency_id);

CREATE TABLE sessions (
  id            text PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL
);
COMMENT ON TABLE sessions IS 'Server-side sessions; id is the SHA-256 of the cookie token, so a database leak does not leak sessions.';
CREATE INDEX sessions_user_idx ON sessions (user_id);
