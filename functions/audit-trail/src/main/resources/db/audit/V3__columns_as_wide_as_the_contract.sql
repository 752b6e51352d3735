-- Every queryable column holds whatever the AuditEvent contract accepts (event-contracts: audit-event.v1 and the
-- CloudEvents envelope), so that no contract-valid event can be refused by the database. V1 had actor 100 and
-- action 50 characters where the contract allows a Principal of 256 and an action of 64, and event_id and
-- correlation_id 200 where the envelope allows 256. Widening a varchar rewrites no row and keeps the indexes.
--   column          contract                                         V1    now
--   event_id        envelope id          ^[A-Za-z0-9][...]{0,255}$   200   256
--   actor           Principal            ^[A-Za-z0-9][...]{0,255}$   100   256
--   action          action               ^[A-Z][A-Z0-9_]{0,63}$       50    64
--   outcome         enum success|failure|denied                       20    20
--   purpose         purpose              ^[A-Z][A-Z0-9_-]{0,31}$      50    50
--   patient         Pseudonym            ^[A-Za-z0-9_-]{8,128}$      130   130
--   correlation_id  envelope correlationid {0,255} after one char     200   256
alter table audit_entry
    alter column event_id type varchar(256),
    alter column actor type varchar(256),
    alter column action type varchar(64),
    alter column correlation_id type varchar(256);
