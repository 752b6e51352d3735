-- Append-only, twice over: the application role may only INSERT and SELECT, and a trigger rejects UPDATE, DELETE
-- and TRUNCATE for everyone who has not disabled triggers (which takes the table owner or a superuser).
create function audit_reject_change() returns trigger language plpgsql as $$
begin
    raise exception 'audit tables are append-only: % on % is rejected', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end
$$;

-- Statement-level, so even a statement that would touch no row is refused.
create trigger audit_entry_append_only before update or delete or truncate on audit_entry
    for each statement execute function audit_reject_change();
create trigger audit_checkpoint_append_only before update or delete or truncate on audit_checkpoint
    for each statement execute function audit_reject_change();
create trigger audit_archive_segment_append_only before update or delete or truncate on audit_archive_segment
    for each statement execute function audit_reject_change();

-- The application role (no login of its own: a login user is granted membership, see AuditSchema).
do $$
begin
    if not exists (select 1 from pg_roles where rolname = '${applicationRole}') then
        create role ${applicationRole} nologin;
    end if;
end
$$;
revoke all on audit_entry, audit_checkpoint, audit_archive_segment from public;
revoke all on audit_entry, audit_checkpoint, audit_archive_segment from ${applicationRole};
grant usage on schema ${flyway:defaultSchema} to ${applicationRole};
grant select, insert on audit_entry, audit_checkpoint, audit_archive_segment to ${applicationRole};
