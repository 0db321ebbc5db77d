-- Leadline server, schema step 3: the synced tables, mirrors of resources/local/001_initial.sql.
-- Common columns: id, row_version (set by trigger), updated_at (ms since the epoch, UTC),
-- updated_by (agent id), deleted (tombstone). customers and contacts also keep field_versions.

CREATE TABLE public.teams (
    id text PRIMARY KEY,
    name text NOT NULL,
    supervisor_id text,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX teams_name ON public.teams(name);

CREATE TABLE public.agents (
    id text PRIMARY KEY,
    login text NOT NULL,
    name text NOT NULL,
    role text NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'supervisor', 'admin')),
    team_id text,
    active integer NOT NULL DEFAULT 1,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX agents_login ON public.agents(login);
CREATE INDEX agents_team ON public.agents(team_id);

CREATE TABLE public.policies (
    id text PRIMARY KEY,
    key text NOT NULL,
    value text NOT NULL,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX policies_key ON public.policies(key);

CREATE TABLE public.dispositions (
    id text PRIMARY KEY,
    name text NOT NULL,
    hotkey integer CHECK (hotkey IS NULL OR hotkey BETWEEN 1 AND 9),
    is_connect integer NOT NULL DEFAULT 0,
    note_required integer NOT NULL DEFAULT 0,
    callback_required integer NOT NULL DEFAULT 0,
    redial_delay_min integer NOT NULL DEFAULT 0,
    sort_order integer NOT NULL DEFAULT 0,
    active integer NOT NULL DEFAULT 1,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);

CREATE TABLE public.tags (
    id text PRIMARY KEY,
    name text NOT NULL,
    color text NOT NULL DEFAULT '',
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX tags_name ON public.tags(name);

CREATE TABLE public.articles (
    id text PRIMARY KEY,
    title text NOT NULL,
    body text NOT NULL DEFAULT '',
    category text NOT NULL DEFAULT '',
    tags text NOT NULL DEFAULT '',
    stages text NOT NULL DEFAULT '',
    industries text NOT NULL DEFAULT '',
    customer_types text NOT NULL DEFAULT '',
    author text NOT NULL DEFAULT '',
    retired integer NOT NULL DEFAULT 0,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);

CREATE TABLE public.customers (
    id text PRIMARY KEY,
    name text NOT NULL,
    company text NOT NULL DEFAULT '',
    title text NOT NULL DEFAULT '',
    email text NOT NULL DEFAULT '',
    industry text NOT NULL DEFAULT '',
    region text NOT NULL DEFAULT '',
    source text NOT NULL DEFAULT '',
    intent text NOT NULL DEFAULT '无',
    stage text NOT NULL DEFAULT '首次联系',
    customer_type text NOT NULL DEFAULT '',
    owner_id text,
    score bigint NOT NULL DEFAULT 0,
    score_reasons text NOT NULL DEFAULT '[]',
    custom_fields text NOT NULL DEFAULT '{}',
    amount double precision NOT NULL DEFAULT 0,
    created_at bigint NOT NULL,
    assigned_at bigint,
    last_contact_at bigint,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0,
    field_versions jsonb NOT NULL DEFAULT '{}',
    field_clients jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX customers_owner ON public.customers(owner_id);

CREATE TABLE public.contacts (
    id text PRIMARY KEY,
    customer_id text NOT NULL REFERENCES public.customers(id),
    name text NOT NULL,
    title text NOT NULL DEFAULT '',
    email text NOT NULL DEFAULT '',
    is_primary integer NOT NULL DEFAULT 0,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0,
    field_versions jsonb NOT NULL DEFAULT '{}',
    field_clients jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX contacts_customer ON public.contacts(customer_id);

CREATE TABLE public.phones (
    id text PRIMARY KEY,
    contact_id text NOT NULL REFERENCES public.contacts(id),
    customer_id text NOT NULL REFERENCES public.customers(id),
    e164 text NOT NULL,
    e164_digits text NOT NULL,
    national text NOT NULL,
    national_rev text NOT NULL,
    label text NOT NULL DEFAULT '',
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE INDEX phones_customer ON public.phones(customer_id);

CREATE TABLE public.customer_tags (
    id text PRIMARY KEY,
    customer_id text NOT NULL REFERENCES public.customers(id),
    tag_id text NOT NULL REFERENCES public.tags(id),
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE INDEX customer_tags_customer ON public.customer_tags(customer_id);

CREATE TABLE public.calls (
    id text PRIMARY KEY,
    customer_id text NOT NULL REFERENCES public.customers(id),
    contact_id text,
    phone_e164 text NOT NULL DEFAULT '',
    agent_id text,
    direction text NOT NULL DEFAULT 'out',
    started_at bigint NOT NULL,
    connected_at bigint,
    ended_at bigint,
    duration_s bigint NOT NULL DEFAULT 0,
    outcome text NOT NULL DEFAULT '',
    disposition_id text,
    note text NOT NULL DEFAULT '',
    recording_url text NOT NULL DEFAULT '',
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE INDEX calls_customer ON public.calls(customer_id);

CREATE TABLE public.notes (
    id text PRIMARY KEY,
    customer_id text NOT NULL REFERENCES public.customers(id),
    agent_id text,
    body text NOT NULL,
    created_at bigint NOT NULL,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE INDEX notes_customer ON public.notes(customer_id);

CREATE TABLE public.todos (
    id text PRIMARY KEY,
    customer_id text REFERENCES public.customers(id),
    agent_id text,
    kind text NOT NULL DEFAULT 'callback' CHECK (kind IN ('callback', 'task', 'meeting')),
    title text NOT NULL,
    due_at bigint NOT NULL,
    priority integer NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
    completed_at bigint,
    created_at bigint NOT NULL,
    created_by_rule text,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE INDEX todos_customer ON public.todos(customer_id);

CREATE TABLE public.stage_changes (
    id text PRIMARY KEY,
    customer_id text NOT NULL REFERENCES public.customers(id),
    agent_id text,
    kind text NOT NULL DEFAULT 'stage',
    from_value text NOT NULL DEFAULT '',
    to_value text NOT NULL DEFAULT '',
    detail text NOT NULL DEFAULT '',
    at bigint NOT NULL,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE INDEX stage_changes_customer ON public.stage_changes(customer_id);

SELECT sync.register_table('teams', 'last_write_wins', 'staff');
SELECT sync.register_table('agents', 'last_write_wins', 'staff');
SELECT sync.register_table('policies', 'last_write_wins', 'staff');
SELECT sync.register_table('dispositions', 'last_write_wins', 'staff');
SELECT sync.register_table('tags', 'last_write_wins', 'reference');
SELECT sync.register_table('articles', 'last_write_wins', 'staff');
SELECT sync.register_table('customers', 'field_merge', 'customer');
SELECT sync.register_table('contacts', 'field_merge', 'child', 'customer_id');
SELECT sync.register_table('phones', 'last_write_wins', 'child', 'customer_id');
SELECT sync.register_table('customer_tags', 'last_write_wins', 'child', 'customer_id');
SELECT sync.register_table('calls', 'insert_only', 'child', 'customer_id', 'agent_id');
SELECT sync.register_table('notes', 'insert_only', 'child', 'customer_id', 'agent_id');
SELECT sync.register_table('stage_changes', 'insert_only', 'child', 'customer_id', 'agent_id');
SELECT sync.register_table('todos', 'todo_completion', 'child', 'customer_id', 'agent_id');
