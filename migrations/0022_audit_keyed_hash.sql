-- The audit chain is keyed (issue 13 #10): each row's hash is an HMAC-SHA256 under a key kept outside the
-- database (MOTCUA_AUDIT_KEY, or a key file in the data folder), so someone with database rights who edits a
-- row can no longer recompute a hash that `motcua audit verify` accepts. docs/adr/0006-keyed-audit-chain.md.
--
-- A record command appends its audit row inside its one write statement, so the HMAC is computed in SQL too:
-- the application passes the key's inner and outer pads (RFC 2104: the key, zero-padded to 64 bytes, XOR
-- 0x36 and 0x5c) as parameters of that statement, and the database keeps neither. The message is the one
-- motcua_audit_hash (migration 0019) hashes; rowHash in src/modules/audit/audit.service.ts computes the same
-- in TypeScript, and a test checks the two agree.

CREATE FUNCTION motcua_audit_hmac(
  inner_pad bytea, outer_pad bytea,
  shard integer, seq bigint, at text, actor_id text, actor_role text, on_behalf_of text, request_id text,
  action text, entity_type text, entity_id text, change_digest text, prev_hash text
) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT encode(sha256(outer_pad || sha256(inner_pad || convert_to(concat_ws(E'\n',
    shard::text, seq::text, at, coalesce(actor_id, ''), coalesce(actor_role, ''), coalesce(on_behalf_of, ''),
    coalesce(request_id, ''), action, entity_type, entity_id, change_digest, prev_hash), 'UTF8'))), 'hex')
$$;

-- Rows written before this migration keep their unkeyed SHA-256 hashes. Each shard's last such row is
-- recorded here, and the application seals that boundary with the key when it first starts with one (the
-- seal is an HMAC over shard, last_seq and last_hash), so the boundary itself cannot be moved or the legacy
-- rows rewritten without `audit verify` noticing.
CREATE TABLE audit_legacy (
  shard      smallint PRIMARY KEY REFERENCES audit_chains (shard),
  last_seq   bigint NOT NULL,
  last_hash  text NOT NULL,
  seal       text
);
COMMENT ON TABLE audit_legacy IS 'Per shard, the last audit row hashed without the key (before migration 0022); seal is the HMAC of the boundary, written by the application.';
INSERT INTO audit_legacy (shard, last_seq, last_hash)
  SELECT shard, last_seq, last_hash FROM audit_chains WHERE last_seq > 0;
