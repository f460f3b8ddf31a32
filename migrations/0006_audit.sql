-- Append-only, hash-chained audit trail.

CREATE TABLE audit_chains (
  shard      smallint PRIMARY KEY,
  last_seq   bigint NOT NULL,
  last_hash  text NOT NULL
);
COMMENT ON TABLE audit_chains IS 'Head of each audit hash chain (one per shard, so concurrent writers on different entities do not queue on one row); verify compares it with the last row to catch a deleted tail.';

CREATE TABLE audit_log (
  shard           smallint NOT NULL REFERENCES audit_chains (shard),
  seq             bigint NOT NULL,
  at              timestamptz NOT NULL,
  actor_id        uuid,
  actor_role      text,
  on_behalf_of    text,
  request_id      text,
  action          text NOT NULL,
  entity_type     text NOT NULL,
  entity_id       text NOT NULL,
  change_digest   text NOT NULL,
  prev_hash       text NOT NULL,
  hash            text NOT NULL,
  PRIMARY KEY (shard, seq)
);
COMMENT ON TABLE audit_log IS 'Who did what to which entity, when, under which request; each row''s hash covers its content and the previous row''s hash in its shard (motcua audit verify).';
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);

-- Append-only: ordinary writers cannot change or remove audit rows. Someone with the rights to disable
-- the trigger still can, and `motcua audit verify` then reports it through the hash chain.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
