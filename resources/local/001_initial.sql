-- Leadline local cache, schema step 1.
-- Every synced table carries: id (UUID text, client-generated), row_version (server-assigned,
-- 0 until the server has seen the row), updated_at (ms since epoch, UTC), updated_by (agent id),
-- deleted (tombstone flag). Times are INTEGER milliseconds since the epoch, UTC.

CREATE TABLE teams (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    supervisor_id TEXT,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE agents (
    id TEXT PRIMARY KEY NOT NULL,
    login TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'supervisor', 'admin')),
    team_id TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX agents_login ON agents(login);

CREATE TABLE customers (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    company TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    industry TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    intent TEXT NOT NULL DEFAULT '无',
    stage TEXT NOT NULL DEFAULT '首次联系',
    customer_type TEXT NOT NULL DEFAULT '',
    owner_id TEXT,
    score INTEGER NOT NULL DEFAULT 0,
    score_reasons TEXT NOT NULL DEFAULT '[]',
    custom_fields TEXT NOT NULL DEFAULT '{}',
    amount REAL NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    assigned_at INTEGER,
    last_contact_at INTEGER,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customers_owner ON customers(owner_id, deleted);
CREATE INDEX customers_stage ON customers(stage);
CREATE INDEX customers_last_contact ON customers(last_contact_at);
CREATE INDEX customers_email ON customers(email) WHERE email <> '';

CREATE TABLE contacts (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    is_primary INTEGER NOT NULL DEFAULT 0,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contacts_customer ON contacts(customer_id);
CREATE INDEX contacts_email ON contacts(email) WHERE email <> '';

-- national: the national significant number's digits; e164_digits: E.164 without '+';
-- national_rev: national reversed, so "last N digits" is an indexed prefix range.
CREATE TABLE phones (
    id TEXT PRIMARY KEY NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    e164 TEXT NOT NULL,
    e164_digits TEXT NOT NULL,
    national TEXT NOT NULL,
    national_rev TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX phones_contact ON phones(contact_id);
CREATE INDEX phones_customer ON phones(customer_id);
CREATE INDEX phones_e164_digits ON phones(e164_digits);
CREATE INDEX phones_national ON phones(national);
CREATE INDEX phones_national_rev ON phones(national_rev);

CREATE TABLE tags (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    color TEXT NOT NULL DEFAULT '',
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX tags_name ON tags(name);

CREATE TABLE customer_tags (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customer_tags_customer ON customer_tags(customer_id);
CREATE INDEX customer_tags_tag ON customer_tags(tag_id);

CREATE TABLE dispositions (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    hotkey INTEGER CHECK (hotkey IS NULL OR hotkey BETWEEN 1 AND 9),
    is_connect INTEGER NOT NULL DEFAULT 0,
    note_required INTEGER NOT NULL DEFAULT 0,
    callback_required INTEGER NOT NULL DEFAULT 0,
    redial_delay_min INTEGER NOT NULL DEFAULT 0,
    sort_order INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE calls (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    contact_id TEXT,
    phone_e164 TEXT NOT NULL DEFAULT '',
    agent_id TEXT,
    direction TEXT NOT NULL DEFAULT 'out',
    started_at INTEGER NOT NULL,
    connected_at INTEGER,
    ended_at INTEGER,
    duration_s INTEGER NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL DEFAULT '',
    disposition_id TEXT,
    note TEXT NOT NULL DEFAULT '',
    recording_url TEXT NOT NULL DEFAULT '',
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX calls_customer ON calls(customer_id, started_at);
CREATE INDEX calls_agent ON calls(agent_id, started_at);

CREATE TABLE notes (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    agent_id TEXT,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notes_customer ON notes(customer_id, created_at);

CREATE TABLE todos (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT REFERENCES customers(id) ON DELETE CASCADE,
    agent_id TEXT,
    kind TEXT NOT NULL DEFAULT 'callback' CHECK (kind IN ('callback', 'task', 'meeting')),
    title TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    priority INTEGER NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
    completed_at INTEGER,
    created_at INTEGER NOT NULL,
    created_by_rule TEXT,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX todos_agent_open ON todos(agent_id, completed_at, due_at);
CREATE INDEX todos_customer ON todos(customer_id, due_at);

-- Timeline events other than calls, notes and todos: stage and owner changes, merges,
-- imports and rule actions. kind tells which; from_value/to_value carry the change.
CREATE TABLE stage_changes (
    id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    agent_id TEXT,
    kind TEXT NOT NULL DEFAULT 'stage' CHECK (kind IN ('stage', 'owner', 'merge', 'import', 'rule', 'pool')),
    from_value TEXT NOT NULL DEFAULT '',
    to_value TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stage_changes_customer ON stage_changes(customer_id, at);

CREATE TABLE articles (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    stages TEXT NOT NULL DEFAULT '',
    industries TEXT NOT NULL DEFAULT '',
    customer_types TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    retired INTEGER NOT NULL DEFAULT 0,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_category ON articles(category);

-- Policies are key/value data set by admins: calling hours, attempt caps, pool window...
CREATE TABLE policies (
    id TEXT PRIMARY KEY NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX policies_key ON policies(key);

-- Local only ----------------------------------------------------------------------------

-- Every write to a synced table appends one entry here in the same transaction.
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id TEXT NOT NULL UNIQUE,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    base_row_version INTEGER NOT NULL,
    fields TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX outbox_row ON outbox(table_name, row_id);

-- Workspace facts: client_id, the signed-in agent, sync cursor and server generation.
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
