-- Leadline local cache, schema step 12: rules and their runs (§2.5).

-- Rules are data supervisors author: trigger + condition + actions, synced to every client
-- and evaluated locally. actions is a JSON array of {"kind": ..., "params": {...}}.
CREATE TABLE rules (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    trigger_kind TEXT NOT NULL DEFAULT 'schedule' CHECK (trigger_kind IN (
        'customer_created', 'customer_updated', 'field_changed', 'stage_changed', 'call_logged',
        'todo_completed', 'todo_overdue', 'lead_imported', 'schedule')),
    trigger_field TEXT NOT NULL DEFAULT '',
    trigger_value TEXT NOT NULL DEFAULT '',
    condition TEXT NOT NULL DEFAULT '',
    actions TEXT NOT NULL DEFAULT '[]',
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    sort_order INTEGER NOT NULL DEFAULT 0,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rules_trigger ON rules(trigger_kind, enabled, deleted);

-- Every decision a rule took on a customer (append-only). id is derived from (rule, customer,
-- cause), so two clients deciding the same thing write the same row and the server keeps the
-- first. decision: applied (actions taken), stale (the state it decided on no longer held),
-- failed (an action was refused; nothing of the run was kept), loop (the cascade bound stopped
-- it). seen: the values the condition read; actions: what was done, as JSON.
CREATE TABLE rule_runs (
    id TEXT PRIMARY KEY NOT NULL,
    rule_id TEXT NOT NULL,
    rule_name TEXT NOT NULL DEFAULT '',
    customer_id TEXT REFERENCES customers(id) ON DELETE CASCADE,
    agent_id TEXT,
    cause TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('applied', 'stale', 'failed', 'loop')),
    seen TEXT NOT NULL DEFAULT '[]',
    actions TEXT NOT NULL DEFAULT '[]',
    message TEXT NOT NULL DEFAULT '',
    depth INTEGER NOT NULL DEFAULT 0,
    late_ms INTEGER NOT NULL DEFAULT 0,
    at INTEGER NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rule_runs_customer ON rule_runs(customer_id, at);
CREATE INDEX rule_runs_rule ON rule_runs(rule_id, at);

-- A change decided on a state (a rule's assignment or field change) carries that state:
-- {column: value} the server must still find, or it refuses the change as stale.
ALTER TABLE outbox ADD COLUMN expect TEXT;
