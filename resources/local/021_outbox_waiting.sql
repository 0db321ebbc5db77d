-- Outbox entries that wait for a record the server lost. After a restore from a dump, an edit of
-- a record another client created after the dump is refused as "missing" until that client sends
-- its create again; a note on such a customer is refused as referring to nothing. Such an entry
-- stays in the outbox, marked with the record it waits for ('table|id'), is not sent meanwhile,
-- and goes out again as soon as the record is back in this cache. One that waits longer than the
-- offline window is set aside in outbox_rejected with the server's reason.
ALTER TABLE outbox ADD COLUMN waiting_for TEXT;
ALTER TABLE outbox ADD COLUMN waiting_since INTEGER;
ALTER TABLE outbox ADD COLUMN waiting_reason TEXT;
CREATE INDEX outbox_waiting ON outbox(waiting_for) WHERE waiting_for IS NOT NULL;
