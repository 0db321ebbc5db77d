-- Outbox entries an import wrote carry the id of their import batch, sent with the mutation, so
-- the server can refuse import work to agents (the role it knows, not the one this cache holds).
-- Kept with acknowledged entries too, so a replay after a server restore carries it again.
ALTER TABLE outbox ADD COLUMN import_batch TEXT;
ALTER TABLE outbox_sent ADD COLUMN import_batch TEXT;

-- The audit log takes "import" entries (one per batch; the server refuses an agent's), so the
-- table is rebuilt with the wider CHECK (SQLite cannot change a CHECK in place).
CREATE TABLE audit_log_new (
    id TEXT PRIMARY KEY NOT NULL,
    at INTEGER NOT NULL,
    agent_id TEXT,
    login TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL CHECK (action IN ('sign_in', 'sign_in_refused', 'failed_sign_in',
                                           'export', 'import', 'delete', 'merge', 'reassign',
                                           'claim', 'release', 'role', 'team', 'user', 'policy',
                                           'dnc', 'rule')),
    table_name TEXT NOT NULL DEFAULT '',
    row_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}',
    workstation TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted = 0)
);
INSERT INTO audit_log_new SELECT id, at, agent_id, login, action, table_name, row_id, detail,
    workstation, address, row_version, updated_at, updated_by, deleted FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_agent ON audit_log(agent_id, action, at);
