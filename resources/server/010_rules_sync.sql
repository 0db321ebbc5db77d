-- Leadline server, schema step 10: rules and rule runs (mirrors of resources/local/011_rules.sql),
-- who may write them, and changes that carry the state they were decided on.

CREATE TABLE public.rules (
    id text PRIMARY KEY,
    name text NOT NULL,
    trigger_kind text NOT NULL DEFAULT 'schedule' CHECK (trigger_kind IN (
        'customer_created', 'customer_updated', 'field_changed', 'stage_changed', 'call_logged',
        'todo_completed', 'todo_overdue', 'lead_imported', 'schedule')),
    trigger_field text NOT NULL DEFAULT '',
    trigger_value text NOT NULL DEFAULT '',
    condition text NOT NULL DEFAULT '',
    actions text NOT NULL DEFAULT '[]',
    enabled integer NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    sort_order integer NOT NULL DEFAULT 0,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);

CREATE TABLE public.rule_runs (
    id text PRIMARY KEY,
    rule_id text NOT NULL,
    rule_name text NOT NULL DEFAULT '',
    customer_id text REFERENCES public.customers(id),
    agent_id text,
    cause text NOT NULL,
    decision text NOT NULL CHECK (decision IN ('applied', 'stale', 'failed', 'loop')),
    seen text NOT NULL DEFAULT '[]',
    actions text NOT NULL DEFAULT '[]',
    message text NOT NULL DEFAULT '',
    depth integer NOT NULL DEFAULT 0,
    late_ms bigint NOT NULL DEFAULT 0,
    at bigint NOT NULL,
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0
);
CREATE INDEX rule_runs_customer ON public.rule_runs(customer_id);

SELECT sync.register_table('rules', 'last_write_wins', 'staff');
SELECT sync.register_table('rule_runs', 'insert_only', 'child', 'customer_id', 'agent_id');

-- Supervisors and administrators author rules; whoever runs a rule records its run (never
-- changes or deletes it).
INSERT INTO sync.column_rights(table_name, column_name, roles)
SELECT r.t, unnest(r.columns), r.roles FROM (VALUES
    ('rules', '{name,trigger_kind,trigger_field,trigger_value,condition,actions,enabled,'
              'sort_order,deleted}'::text[], '{supervisor,admin}'::text[]),
    ('rule_runs', '{rule_id,rule_name,customer_id,cause,decision,seen,actions,message,depth,'
                  'late_ms,at}', '{agent,supervisor,admin}')
) AS r(t, columns, roles);

-- A rule run's author is the caller, like a call's.
CREATE OR REPLACE FUNCTION sync.authored_table(target text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN target IN ('calls', 'notes', 'stage_changes', 'agent_states', 'dial_blocks', 'audit_log',
                      'rule_runs');
END
$$;

-- The shape of a rule as stored: what every client's checker relies on. The condition itself
-- is checked by the authoring client (the language is the client's); the server keeps its size
-- within the language's limit and the trigger and actions within the known kinds.
CREATE FUNCTION sync.check_rule_row(new jsonb) RETURNS void LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    parsed jsonb;
    action jsonb;
BEGIN
    IF btrim(coalesce(new ->> 'name', '')) = '' OR length(new ->> 'name') > 200 THEN
        PERFORM sync.refuse('rule', 'A rule needs a name of at most 200 characters.');
    END IF;
    IF octet_length(coalesce(new ->> 'condition', '')) > 4096 THEN
        PERFORM sync.refuse('rule', 'A rule''s condition is at most 4 KB.');
    END IF;
    IF new ->> 'trigger_kind' IN ('field_changed') AND coalesce(new ->> 'trigger_field', '') = '' THEN
        PERFORM sync.refuse('rule', 'A "field changed" trigger names its field.');
    END IF;
    BEGIN
        parsed := (new ->> 'actions')::jsonb;
    EXCEPTION WHEN OTHERS THEN
        PERFORM sync.refuse('rule', 'A rule''s actions are not readable.');
    END;
    IF jsonb_typeof(parsed) <> 'array' OR jsonb_array_length(parsed) = 0
       OR jsonb_array_length(parsed) > 20 THEN
        PERFORM sync.refuse('rule', 'A rule has between 1 and 20 actions.');
    END IF;
    FOR action IN SELECT value FROM jsonb_array_elements(parsed) LOOP
        IF jsonb_typeof(action) <> 'object' OR coalesce(action ->> 'kind', '') NOT IN (
               'create_todo', 'set_field', 'add_tag', 'remove_tag', 'change_stage', 'assign',
               'notify', 'add_to_nurture')
           OR (action ? 'params' AND jsonb_typeof(action -> 'params') <> 'object') THEN
            PERFORM sync.refuse('rule', format('Unknown rule action %s.', action ->> 'kind'));
        END IF;
    END LOOP;
END
$$;

-- The business rules of step 7 plus those of rules and rule runs.
ALTER FUNCTION sync.check_rules(text, text, text, jsonb, jsonb, text[]) RENAME TO check_rules_base;
CREATE FUNCTION sync.check_rules(target text, caller_role text, me text, cur jsonb, new jsonb,
                                 changed text[]) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    audits jsonb;
BEGIN
    IF target = 'rule_runs' AND cur IS NOT NULL THEN
        PERFORM sync.refuse('append_only', 'A rule''s runs are a record: they cannot be changed.');
    END IF;
    audits := sync.check_rules_base(target, caller_role, me, cur, new, changed);
    IF target = 'rules' THEN
        IF (new ->> 'deleted')::integer IS DISTINCT FROM 1 THEN
            PERFORM sync.check_rule_row(new);
        END IF;
        audits := audits || jsonb_build_object('action', 'rule', 'detail',
            jsonb_build_object('name', new ->> 'name', 'changed', to_jsonb(changed)));
    END IF;
    RETURN audits;
END
$$;

-- A mutation may carry "expect": {column: value} of the row as the client decided on it (a
-- rule's assignment or field change). The server applies it only while that state holds, so
-- two clients can never make two different decisions on one customer.
ALTER FUNCTION sync.apply_mutation(text, jsonb, jsonb) RENAME TO apply_mutation_base;
CREATE FUNCTION sync.apply_mutation(client text, mutation jsonb, column_types jsonb)
RETURNS jsonb LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target text := mutation ->> 'table';
    cur jsonb;
    expected record;
BEGIN
    IF jsonb_typeof(mutation -> 'expect') = 'object' AND mutation ->> 'op' = 'update'
       AND EXISTS (SELECT 1 FROM sync.synced_tables WHERE name = target) THEN
        EXECUTE format('SELECT to_jsonb(x) FROM public.%I x WHERE x.id = $1 FOR UPDATE', target)
            INTO cur USING mutation ->> 'row_id';
        IF cur IS NOT NULL THEN
            FOR expected IN SELECT key, value FROM jsonb_each(mutation -> 'expect') LOOP
                IF NOT (column_types ? expected.key) THEN
                    PERFORM sync.refuse('column', format('%s has no column %s.', target,
                                                         expected.key));
                END IF;
                IF (cur ->> expected.key) IS DISTINCT FROM (expected.value #>> '{}') THEN
                    PERFORM sync.refuse('stale', format('The record changed since this was decided '
                                        '(%s is no longer %s).', expected.key,
                                        coalesce(expected.value #>> '{}', 'empty')));
                END IF;
            END LOOP;
        END IF;
    END IF;
    RETURN sync.apply_mutation_base(client, mutation, column_types);
END
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA sync FROM PUBLIC;
