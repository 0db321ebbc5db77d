-- Leadline local cache, schema step 004: telephony and compliance (§2.2).

-- Do-not-call list: a whole number (kind 'number', value E.164 "+8613800138000") or every
-- number starting with a prefix (kind 'prefix', value E.164 digits with '+': "+86400").
CREATE TABLE dnc_numbers (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL DEFAULT 'number' CHECK (kind IN ('number', 'prefix')),
    value TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    added_at INTEGER NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dnc_numbers_value ON dnc_numbers(value);

-- Agent state history (append-only): Ready, NotReady (with reason), OnCall, WrapUp.
CREATE TABLE agent_states (
    id TEXT PRIMARY KEY NOT NULL,
    agent_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('Ready', 'NotReady', 'OnCall', 'WrapUp')),
    reason TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX agent_states_agent ON agent_states(agent_id, at);

-- Dials the compliance check refused (append-only): which rule and the message shown.
CREATE TABLE dial_blocks (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT,
    phone_e164 TEXT NOT NULL,
    agent_id TEXT,
    rule TEXT NOT NULL CHECK (rule IN ('dnc', 'hours', 'cap_day', 'cap_total', 'invalid')),
    message TEXT NOT NULL,
    at INTEGER NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX dial_blocks_customer ON dial_blocks(customer_id, at);
CREATE INDEX calls_phone ON calls(phone_e164, started_at);
