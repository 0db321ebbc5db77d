-- Leadline local cache, schema step 3: sync bookkeeping (§5).

-- Field conflicts the server reported: this client's change won by arriving later and replaced
-- another agent's value (theirs). The user may keep theirs instead.
CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field TEXT NOT NULL,
    mine TEXT,
    theirs TEXT,
    their_agent_id TEXT,
    at INTEGER NOT NULL,
    resolved INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conflicts_open ON conflicts(resolved, at);

-- Mutations the server refused, set aside with its reason; the row was restored from the
-- server's copy.
CREATE TABLE outbox_rejected (
    seq INTEGER PRIMARY KEY,
    mutation_id TEXT NOT NULL UNIQUE,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op TEXT NOT NULL,
    base_row_version INTEGER NOT NULL,
    fields TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    rejected_at INTEGER NOT NULL
);

-- Rows never synced (row_version 0) are found by a scan when seeding; index the common case.
CREATE INDEX customers_unsynced ON customers(row_version) WHERE row_version = 0;
