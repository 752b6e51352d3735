-- The audit trail. `entry` is the canonical JSON the chain hash covers; the other columns repeat parts of it for
-- querying and verification checks that they agree with it. Sequence is contiguous from 1: a gap is a deletion.
create table audit_entry (
    sequence       bigint        primary key check (sequence >= 1),
    event_id       varchar(200)  not null unique,
    occurred_at    timestamptz   not null,
    recorded_at    timestamptz   not null,
    actor          varchar(100)  not null,
    action         varchar(50)   not null,
    outcome        varchar(20)   not null,
    purpose        varchar(50),
    patient        varchar(130),
    correlation_id varchar(200),
    entry          text          not null,
    previous_hash  varchar(64)   not null,
    hash           varchar(64)   not null
);
create index audit_entry_patient on audit_entry (patient, sequence);
create index audit_entry_actor on audit_entry (actor, sequence);
create index audit_entry_occurred on audit_entry (occurred_at, sequence);
-- Access history by object: the objects of an entry live only in its hashed JSON.
create index audit_entry_objects on audit_entry using gin (((entry::jsonb) -> 'data' -> 'objects') jsonb_path_ops);

-- Signed checkpoints: tree size, Merkle root (RFC 6962) and chain head, signed with the audit signing key. The same
-- document is written to the audit archive (S3 Object Lock). The frontier lets the next checkpoint extend the tree
-- without rereading the trail.
create table audit_checkpoint (
    tree_size   bigint        primary key check (tree_size >= 1),
    root_hash   varchar(64)   not null,
    chain_head  varchar(64)   not null,
    issued_at   timestamptz   not null,
    key_id      varchar(300)  not null,
    algorithm   varchar(30)   not null,
    signature   text          not null,
    public_key  text          not null,
    frontier    text          not null,
    object_key  varchar(300)  not null
);

-- Retention: entries past the retention period are copied to the archive as segments, recorded here. Nothing is
-- deleted by the application (see docs/adr/0043-retention-archive.md).
create table audit_archive_segment (
    first_sequence bigint        primary key,
    last_sequence  bigint        not null unique,
    entries        bigint        not null,
    sha256         varchar(64)   not null,
    object_key     varchar(300)  not null,
    archived_at    timestamptz   not null,
    check (last_sequence >= first_sequence)
);
