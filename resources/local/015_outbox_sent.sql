-- Outbox entries the server acknowledged, kept for the offline window (90 days). When the server
-- turns out to be restored from a dump (a new generation), they are queued again under their own
-- mutation ids and numbers: the server answers those it already has from its stored answers and
-- applies the ones the dump lacks, so no write made after the dump is lost.
CREATE TABLE outbox_sent (
    seq INTEGER PRIMARY KEY,
    mutation_id TEXT NOT NULL UNIQUE,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op TEXT NOT NULL,
    base_row_version INTEGER NOT NULL,
    fields TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expect TEXT,
    sent_at INTEGER NOT NULL
);
CREATE INDEX outbox_sent_at ON outbox_sent(sent_at);
