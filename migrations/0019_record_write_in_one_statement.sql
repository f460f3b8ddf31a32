-- A record command writes its projection, events, audit row and outbox messages in one statement
-- (writeTransition in src/modules/records/records.store.ts), so the audit row's hash is computed in SQL, by
-- the same rule as rowHash in src/modules/audit/audit.service.ts (SHA-256 over the fields joined by
-- newlines; an absent field is the empty string). A test checks the two agree. It is STABLE, as what it
-- calls is (concat_ws, convert_to), so that the planner inlines it into the statement instead of running
-- it as a nested query at each call.

CREATE FUNCTION motcua_audit_hash(
  shard integer, seq bigint, at text, actor_id text, actor_role text, on_behalf_of text, request_id text,
  action text, entity_type text, entity_id text, change_digest text, prev_hash text
) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT encode(sha256(convert_to(concat_ws(E'\n',
    shard::text, seq::text, at, coalesce(actor_id, ''), coalesce(actor_role, ''), coalesce(on_behalf_of, ''),
    coalesce(request_id, ''), action, entity_type, entity_id, change_digest, prev_hash), 'UTF8')), 'hex')
$$;

-- The head also keeps the hash before its last one, so that an append (one UPDATE) can return what the new
-- row chains to.
ALTER TABLE audit_chains ADD COLUMN prev_hash text NOT NULL DEFAULT repeat('0', 64);
UPDATE audit_chains c SET prev_hash = l.prev_hash FROM audit_log l WHERE l.shard = c.shard AND l.seq = c.last_seq;
COMMENT ON COLUMN audit_chains.prev_hash IS 'The previous hash of the row at last_seq (what it chains to), written with last_hash.';

-- The projected state (a few kilobytes of JSON, rewritten at every command) is compressed with LZ4 where
-- the server is built with it (PostgreSQL 14+ packages are); a server without it (PGlite) keeps pglz.
DO $$
BEGIN
  ALTER TABLE records ALTER COLUMN state SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'LZ4 is not available: records.state keeps the default compression';
END $$;
