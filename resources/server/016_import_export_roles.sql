-- Leadline server, schema step 16: imports and exports are supervisors' and admins' work (SPEC
-- §2.8), decided by the role the server knows for the login, not the one a client's cache holds.
-- * A mutation an import wrote carries "import_batch" (the batch id); an agent's is refused
--   (code import_role), on every table and for creates and updates alike.
-- * The server keeps which customers each batch created or updated (sync.import_rows), so an
--   imported customer is told from one typed in.
-- * A batch is audited once ("import" entry, pushed by the workstation after its rows, with the
--   batch's counts); an agent's is refused.
-- * sync.export_clearance records an export in the audit log before the client writes the file,
--   and refuses agents; an "export" entry pushed by an agent (an offline export) is refused too.

ALTER TABLE public.audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE public.audit_log ADD CONSTRAINT audit_log_action_check
    CHECK (action IN ('sign_in', 'sign_in_refused', 'failed_sign_in', 'export', 'import',
                      'delete', 'merge', 'reassign', 'claim', 'release', 'role', 'team', 'user',
                      'policy', 'dnc', 'rule'));

-- Whether a role may import and export.
CREATE FUNCTION sync.may_import_export(caller_role text) RETURNS boolean LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(caller_role IN ('supervisor', 'admin'), false)
$$;

-- The customers an import created or updated, as the server applied them: by whom, from which
-- workstation, when. Written by the sync functions only.
CREATE TABLE sync.import_rows (
    batch_id text NOT NULL,
    customer_id text NOT NULL,
    op text NOT NULL,
    agent_id text,
    login text NOT NULL DEFAULT session_user,
    client_id text NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (batch_id, customer_id, op)
);
CREATE INDEX import_rows_customer ON sync.import_rows(customer_id);
REVOKE ALL ON sync.import_rows FROM PUBLIC, leadline_client;

ALTER FUNCTION sync.apply_mutation(text, jsonb, jsonb) RENAME TO apply_mutation_before_imports;
CREATE FUNCTION sync.apply_mutation(client text, mutation jsonb, column_types jsonb)
RETURNS jsonb LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    caller_role text := sync.my_role();
    batch text := nullif(mutation ->> 'import_batch', '');
    action text := CASE WHEN mutation ->> 'table' = 'audit_log'
                        THEN mutation -> 'fields' ->> 'action' END;
    answer jsonb;
BEGIN
    -- A disabled or unknown login is refused as such by the checks that follow.
    IF caller_role IS NOT NULL AND NOT sync.may_import_export(caller_role) THEN
        IF batch IS NOT NULL OR action = 'import' THEN
            PERFORM sync.refuse('import_role', 'Imports are for supervisors and administrators: '
                                'the server refused this imported record.');
        ELSIF action = 'export' THEN
            PERFORM sync.refuse('export_role', 'Exports are for supervisors and administrators: '
                                'the server refused this export''s audit entry.');
        END IF;
    END IF;
    answer := sync.apply_mutation_before_imports(client, mutation, column_types);
    IF batch IS NOT NULL AND mutation ->> 'table' = 'customers'
       AND answer ->> 'status' = 'applied' THEN
        INSERT INTO sync.import_rows(batch_id, customer_id, op, agent_id, client_id)
        VALUES (batch, mutation ->> 'row_id', mutation ->> 'op', sync.my_agent_id(), client)
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN answer;
END
$$;

-- The rules so far, plus the workstation's "import" audit entry (its role was checked above).
ALTER FUNCTION sync.check_rules(text, text, text, jsonb, jsonb, text[])
    RENAME TO check_rules_before_imports;
CREATE FUNCTION sync.check_rules(target text, caller_role text, me text, cur jsonb, new jsonb,
                                 changed text[]) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF target = 'audit_log' AND new ->> 'action' = 'import' THEN
        IF cur IS NOT NULL THEN
            PERFORM sync.refuse('append_only', 'The audit log cannot be changed.');
        END IF;
        IF NOT sync.may_import_export(caller_role) THEN
            PERFORM sync.refuse('import_role', 'Imports are for supervisors and administrators.');
        END IF;
        RETURN '[]'::jsonb;
    END IF;
    RETURN sync.check_rules_before_imports(target, caller_role, me, cur, new, changed);
END
$$;

-- Asked by a client before it writes an export: refuses anyone but supervisors and admins (as
-- the server knows them now) and records the export, as the caller, in the audit log. kind:
-- what is exported (customers, calls, a report); detail: format, rows and what the view showed.
CREATE FUNCTION sync.export_clearance(kind text, detail jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    caller_role text := sync.my_role();
    me text := sync.my_agent_id();
    entry text;
BEGIN
    IF caller_role IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', DETAIL = 'leadline:disabled',
            MESSAGE = 'Your account is disabled or unknown on this server.';
    END IF;
    IF NOT sync.may_import_export(caller_role) THEN
        RAISE EXCEPTION USING ERRCODE = '42501', DETAIL = 'leadline:export_role',
            MESSAGE = 'Exports are for supervisors and administrators.';
    END IF;
    IF coalesce(kind, '') = '' OR jsonb_typeof(detail) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'An export names what it exports and its details as an object.';
    END IF;
    INSERT INTO public.audit_log(agent_id, action, table_name, detail, workstation, updated_by)
    VALUES (me, 'export', kind, detail::text,
            coalesce(nullif(current_setting('leadline.client_id', true), ''),
                     current_setting('application_name')), me)
    RETURNING id INTO entry;
    RETURN jsonb_build_object('id', entry);
END
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA sync FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sync.export_clearance(text, jsonb) TO leadline_client;
