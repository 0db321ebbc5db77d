-- Leadline server, schema step 4: mirrors of resources/local/004_telephony.sql.

CREATE TABLE public.dnc_numbers (
    id text PRIMARY KEY,
    kind text NOT NULL DEFAULT 'number' CHECK (kind IN ('number', 'prefix')),
    value text NOT NULL,
    reason text NOT NULL DEFAULT '',
    added_at bigint NOT NULL,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);

CREATE TABLE public.agent_states (
    id text PRIMARY KEY,
    agent_id text NOT NULL,
    state text NOT NULL CHECK (state IN ('Ready', 'NotReady', 'OnCall', 'WrapUp')),
    reason text NOT NULL DEFAULT '',
    at bigint NOT NULL,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE INDEX agent_states_agent ON public.agent_states(agent_id);

CREATE TABLE public.dial_blocks (
    id text PRIMARY KEY,
    customer_id text REFERENCES public.customers(id),
    phone_e164 text NOT NULL,
    agent_id text,
    rule text NOT NULL,
    message text NOT NULL,
    at bigint NOT NULL,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE INDEX dial_blocks_customer ON public.dial_blocks(customer_id);

SELECT sync.register_table('dnc_numbers', 'last_write_wins', 'reference');
SELECT sync.register_table('agent_states', 'insert_only', 'owner', NULL, 'agent_id');
SELECT sync.register_table('dial_blocks', 'insert_only', 'child', 'customer_id', 'agent_id');
