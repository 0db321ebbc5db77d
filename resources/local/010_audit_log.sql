-- Leadline workspace, step 10: the audit log (SPEC §2.9), a synced, insert-only mirror of the
-- server's public.audit_log. The server owns who, when and from where (agent_id, login, at,
-- workstation, address): a workstation's own entries (exports, failed sign-ins) carry its
-- guesses until the server's copy comes back; every other entry is written by the server from
-- the mutation it applied (claim, reassign, merge, delete, role, team, user, policy...).
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at INTEGER NOT NULL,
    agent_id TEXT,
    login TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL CHECK (action IN ('sign_in', 'sign_in_refused', 'failed_sign_in',
                                           'export', 'delete', 'merge', 'reassign', 'claim',
                                           'release', 'role', 'team', 'user', 'policy', 'dnc',
                                           'rule')),
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
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_agent ON audit_log(agent_id, action, at);
