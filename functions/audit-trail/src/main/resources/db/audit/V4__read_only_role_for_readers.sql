-- Readers (the audit API) get SELECT and nothing else on every audit table (issue 14 item 13): before this the API
-- logged in as a member of the application role, which may also INSERT checkpoints and archive segments.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = '${readerRole}') then
        create role ${readerRole} nologin;
    end if;
end
$$;
revoke all on audit_entry, audit_checkpoint, audit_archive_segment from ${readerRole};
grant usage on schema ${flyway:defaultSchema} to ${readerRole};
grant select on audit_entry, audit_checkpoint, audit_archive_segment to ${readerRole};

-- The one write a reader makes: the audit of its own query (ADR 0044: no entry, no answer). Not a grant on the
-- table but this function, run with its owner's rights, which appends only an AUDIT_QUERY entry of the audit API,
-- only at the head of the chain, and only with the hash the chain requires (HashChain.link: SHA-256 of the previous
-- hash, a newline and the canonical entry). A reader can thus neither fork the chain nor leave a row that breaks it
-- (rows are never removed), nor write a checkpoint, a segment or another function's entry. recorded_at is the
-- database's clock, not the caller's.
create function audit_append_query_entry(p_sequence bigint, p_event_id varchar, p_occurred_at timestamptz,
        p_actor varchar, p_action varchar, p_outcome varchar, p_purpose varchar, p_patient varchar,
        p_correlation_id varchar, p_entry text, p_previous_hash varchar, p_hash varchar)
    returns void
    language plpgsql
    security definer
    set search_path = ${flyway:defaultSchema}, pg_temp
as $$
declare
    head_sequence bigint;
    head_hash varchar;
begin
    if p_action <> 'AUDIT_QUERY' or (p_entry::jsonb ->> 'source') is distinct from 'urn:health-pipeline:function:audit-api'
            or (p_entry::jsonb -> 'data' ->> 'action') is distinct from p_action
            or (p_entry::jsonb ->> 'eventId') is distinct from p_event_id then
        raise exception 'only the audit API''s own AUDIT_QUERY entries may be appended this way'
            using errcode = 'insufficient_privilege';
    end if;
    -- The chain-head lock (ChainLock.CHAIN_HEAD); the caller holds it already, and advisory locks are re-entrant.
    perform pg_advisory_xact_lock(7262031);
    select sequence, hash into head_sequence, head_hash from audit_entry order by sequence desc limit 1;
    if p_sequence <> coalesce(head_sequence, 0) + 1
            or p_previous_hash <> coalesce(head_hash, repeat('0', 64))
            or p_hash <> encode(sha256(convert_to(p_previous_hash || E'\n' || p_entry, 'UTF8')), 'hex') then
        raise exception 'entry % does not extend the chain at its head', p_sequence
            using errcode = 'check_violation';
    end if;
    insert into audit_entry (sequence, event_id, occurred_at, recorded_at, actor, action, outcome, purpose, patient,
            correlation_id, entry, previous_hash, hash)
        values (p_sequence, p_event_id, p_occurred_at, clock_timestamp(), p_actor, p_action, p_outcome, p_purpose,
            p_patient, p_correlation_id, p_entry, p_previous_hash, p_hash);
end
$$;
revoke all on function audit_append_query_entry(bigint, varchar, timestamptz, varchar, varchar, varchar, varchar,
    varchar, varchar, text, varchar, varchar) from public;
grant execute on function audit_append_query_entry(bigint, varchar, timestamptz, varchar, varchar, varchar, varchar,
    varchar, varchar, text, varchar, varchar) to ${readerRole};
