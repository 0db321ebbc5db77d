-- Leadline server, schema step 8: sync.push is the one write path. It runs as the schema owner,
-- checks every mutation against the caller's rights (step 7) and writes the row, the change
-- feed, the conflict log, the audit log and the stored answer; clients write nothing directly.
-- sync.pull reads the feed for the caller and keeps it from being held back by a client.

-- Applies one mutation {mutation_id, table, row_id, op, base_row_version, fields} for the caller.
-- column_types: {column: type} of the target table (see sync.column_types).
CREATE OR REPLACE FUNCTION sync.apply_mutation(client text, mutation jsonb, column_types jsonb)
RETURNS jsonb LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target text := mutation ->> 'table';
    op text := mutation ->> 'op';
    row_id text := mutation ->> 'row_id';
    base bigint := coalesce((mutation ->> 'base_row_version')::bigint, 0);
    fields jsonb;
    me text := sync.my_agent_id();
    caller_role text := sync.my_role();
    now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
    rule text;
    cur jsonb;
    merged jsonb;
    changed text[];
    refused text;
    columns text;
    conflicts jsonb := '[]'::jsonb;
    audits jsonb;
    entry jsonb;
    field text;
    version bigint;
    status text := 'applied';
BEGIN
    IF caller_role IS NULL THEN
        PERFORM sync.refuse('disabled', 'Your account is disabled or unknown on this server.');
    END IF;
    SELECT policy INTO rule FROM sync.synced_tables WHERE name = target;
    IF rule IS NULL THEN
        PERFORM sync.refuse('table', format('The server does not sync a table named %s.', target));
    END IF;
    IF op IS NULL OR op NOT IN ('insert', 'update', 'delete') THEN
        PERFORM sync.refuse('operation', format('Unknown operation %s.', op));
    END IF;
    IF coalesce(row_id, '') = '' THEN
        PERFORM sync.refuse('row_id', 'A change names no record.');
    END IF;
    -- Only real columns, never the server's bookkeeping. An empty string for a non-text column
    -- means NULL.
    SELECT coalesce(jsonb_object_agg(f.key, CASE WHEN f.value = '""'::jsonb
                                                  AND column_types ->> f.key <> 'text'
                                             THEN 'null'::jsonb ELSE f.value END), '{}'::jsonb)
    INTO fields
    FROM jsonb_each(coalesce(mutation -> 'fields', '{}'::jsonb)) f
    WHERE column_types ? f.key
      AND f.key NOT IN ('id', 'row_version', 'field_versions', 'field_clients', 'updated_at',
                        'updated_by', 'login', 'workstation', 'address')
      AND NOT (f.key = 'agent_id' AND sync.authored_table(target))
      AND NOT (f.key = 'at' AND target = 'audit_log');
    IF target = 'agents' AND mutation -> 'fields' ? 'login' THEN
        fields := fields || jsonb_build_object('login', mutation -> 'fields' -> 'login');
    END IF;

    EXECUTE format('SELECT to_jsonb(x) FROM public.%I x WHERE x.id = $1 FOR UPDATE', target)
        INTO cur USING row_id;

    IF op = 'insert' THEN
        IF cur IS NOT NULL THEN
            RETURN jsonb_build_object('mutation_id', mutation ->> 'mutation_id',
                                      'status', 'duplicate', 'row_version', NULL,
                                      'conflicts', conflicts);
        END IF;
        -- The author of a fact is the caller; an administrator loading history may name another.
        IF sync.authored_table(target) THEN
            fields := fields || jsonb_build_object('agent_id',
                CASE WHEN caller_role = 'admin' AND target <> 'audit_log'
                          AND sync.is_active_agent(mutation -> 'fields' ->> 'agent_id')
                     THEN mutation -> 'fields' ->> 'agent_id' ELSE me END);
        ELSIF target = 'todos' AND fields ->> 'agent_id' IS NULL THEN
            fields := fields || jsonb_build_object('agent_id', me);
        END IF;
        IF target = 'audit_log' THEN
            fields := fields || jsonb_build_object('workstation', client, 'login', session_user);
        END IF;
        SELECT array_agg(key) INTO changed FROM jsonb_each(fields)
        WHERE NOT (key = 'deleted' AND coalesce(value, '0'::jsonb) IN ('0'::jsonb, 'null'::jsonb))
          AND NOT (key IN ('agent_id', 'workstation', 'login') AND sync.authored_table(target));
        merged := fields;
    ELSE
        IF cur IS NULL THEN
            PERFORM sync.refuse('missing', 'The record does not exist on the server.');
        END IF;
        IF (cur ->> 'deleted')::integer = 1 THEN
            -- Delete wins over a concurrent edit.
            RETURN jsonb_build_object('mutation_id', mutation ->> 'mutation_id',
                                      'status', 'ignored',
                                      'row_version', (cur ->> 'row_version')::bigint,
                                      'conflicts', conflicts);
        END IF;
        IF rule = 'todo_completion' AND cur ->> 'completed_at' IS NOT NULL THEN
            -- Completion is one-way: the first completion is kept.
            fields := fields - 'completed_at';
        END IF;
        IF op = 'delete' THEN
            fields := fields || '{"deleted": 1}'::jsonb;
        END IF;
        -- Compare as stored: a value that does not change the row is not a change.
        EXECUTE format('SELECT to_jsonb(r) FROM jsonb_populate_record(NULL::public.%I, $1) r',
                       target) INTO merged USING cur || fields;
        SELECT array_agg(f.key) INTO changed FROM jsonb_each(fields) f
        WHERE merged -> f.key IS DISTINCT FROM cur -> f.key;
        IF changed IS NULL THEN
            RETURN jsonb_build_object('mutation_id', mutation ->> 'mutation_id',
                                      'status', 'unchanged',
                                      'row_version', (cur ->> 'row_version')::bigint,
                                      'conflicts', conflicts);
        END IF;
        fields := (SELECT jsonb_object_agg(key, value) FROM jsonb_each(fields)
                   WHERE key = ANY (changed));
        IF target = 'tags' AND (merged ->> 'deleted')::integer = 1 THEN
            -- A deleted tag gives its name up (unique by id), so a new tag may take it and no
            -- cache ever holds two rows of one name.
            fields := fields || jsonb_build_object('name', (merged ->> 'name') || ' #' || row_id);
        END IF;
    END IF;
    changed := coalesce(changed, '{}');

    SELECT string_agg(c, ', ') INTO refused FROM unnest(changed) c
    WHERE NOT EXISTS (SELECT 1 FROM sync.column_rights r WHERE r.table_name = target
                      AND r.column_name = c AND caller_role = ANY (r.roles));
    IF refused = 'deleted' THEN
        PERFORM sync.refuse('no_delete', format('As %s you may not delete from %s.', caller_role,
                                                target));
    ELSIF refused IS NOT NULL THEN
        PERFORM sync.refuse('column', format('As %s you may not set %s on %s.', caller_role,
                                             refused, target));
    END IF;
    audits := sync.check_rules(target, caller_role, me, cur, merged, changed);

    fields := fields || jsonb_build_object('updated_by', me, 'updated_at', now_ms);
    IF op = 'insert' THEN
        fields := fields || jsonb_build_object('id', row_id);
        SELECT string_agg(format('%I', key), ',') INTO columns FROM jsonb_object_keys(fields) key;
        EXECUTE format('INSERT INTO public.%I (%s) SELECT %s FROM jsonb_populate_record(NULL::public.%I, $1) '
                       'ON CONFLICT (id) DO NOTHING RETURNING row_version',
                       target, columns, columns, target)
            INTO version USING fields;
        IF version IS NULL THEN
            status := 'duplicate';
        END IF;
    ELSE
        IF rule = 'field_merge' THEN
            FOR field IN SELECT unnest(changed) EXCEPT SELECT 'deleted' LOOP
                IF coalesce((cur -> 'field_versions' ->> field)::bigint, 0) > base
                   AND coalesce(cur -> 'field_clients' ->> field, '') <> client THEN
                    INSERT INTO sync.conflict_log(table_name, row_id, field, winner_value,
                                                  loser_value, winner_client, loser_client,
                                                  winner_login, winner_agent_id, loser_login,
                                                  loser_agent_id)
                    VALUES (target, row_id, field, fields -> field, cur -> field, client,
                            cur -> 'field_clients' ->> field, session_user, me,
                            sync.login_of_client(cur -> 'field_clients' ->> field),
                            cur ->> 'updated_by');
                    conflicts := conflicts || jsonb_build_object(
                        'field', field, 'theirs', cur -> field, 'mine', fields -> field,
                        'their_agent_id', cur ->> 'updated_by');
                END IF;
            END LOOP;
        END IF;
        SELECT string_agg(format('%I', key), ',') INTO columns FROM jsonb_object_keys(fields) key;
        EXECUTE format('UPDATE public.%I SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::public.%I, $1)) '
                       'WHERE id = $2 RETURNING row_version', target, columns, columns, target)
            INTO version USING fields, row_id;
    END IF;
    FOR entry IN SELECT value FROM jsonb_array_elements(audits) LOOP
        PERFORM sync.audit(entry ->> 'action', target, row_id, entry -> 'detail', client);
    END LOOP;
    RETURN jsonb_build_object('mutation_id', mutation ->> 'mutation_id', 'status', status,
                              'row_version', version, 'conflicts', conflicts);
END
$$;

-- The answer to a refused mutation: the reason, its code, and the server's copy of the row as
-- far as the caller may see it (the client puts it back).
CREATE FUNCTION sync.refusal(client text, mutation jsonb, reason text, detail text, state text)
RETURNS jsonb LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target text := mutation ->> 'table';
    visible text;
    server_row jsonb;
BEGIN
    SELECT t.visible INTO visible FROM sync.synced_tables t WHERE t.name = target;
    IF visible IS NOT NULL THEN
        EXECUTE format('SELECT to_jsonb(x) - ''field_versions'' - ''field_clients'' '
                       'FROM public.%I x WHERE x.id = $1 AND (%s)', target, visible)
            INTO server_row USING mutation ->> 'row_id';
    END IF;
    RETURN jsonb_build_object(
        'mutation_id', mutation ->> 'mutation_id', 'status', 'rejected',
        'reason', CASE state
            WHEN '23514' THEN 'A value is outside what this field allows (' || reason || ').'
            WHEN '23503' THEN 'The change refers to a record the server does not have.'
            WHEN '23P01' THEN 'The name is already used by another record.'
            WHEN '23505' THEN 'The name is already used by another record.'
            ELSE reason END,
        'code', CASE WHEN detail LIKE 'leadline:%' THEN substr(detail, 10)
                     WHEN state IN ('23505', '23P01') THEN 'unique'
                     WHEN state = '23514' THEN 'domain'
                     WHEN state = '23503' THEN 'reference'
                     ELSE 'error' END,
        'server_row', server_row);
END
$$;

-- Applies a batch in one transaction, once per (client, mutation_id) of the caller's login; a
-- mutation seen before gets its stored answer again. The batch is first tried in one go (the
-- common case: nothing is refused); if anything fails, it is applied again one mutation at a
-- time so only the refused ones are rejected. Deferred checks (tag names unique among live
-- tags) are settled before the answer is given.
CREATE OR REPLACE FUNCTION sync.push(client_id text, batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    seen jsonb;
    types jsonb := '{}'::jsonb;
    mutation jsonb;
    answer jsonb;
    answers jsonb[] := '{}';
    fresh jsonb[] := '{}';
    careful boolean := false;
    target text;
    reason text;
    detail text;
    state text;
BEGIN
    IF sync.my_role() IS NULL THEN
        RAISE EXCEPTION 'Your account is disabled or unknown on this server: ask your administrator.';
    END IF;
    IF coalesce(client_id, '') = '' OR jsonb_typeof(batch) <> 'array' THEN
        RAISE EXCEPTION 'A push needs a client id and an array of changes.';
    END IF;
    -- A workstation's client id belongs to the login that first pushed with it, so nobody can
    -- write (or hide conflicts) in another user's workstation's name.
    IF EXISTS (SELECT 1 FROM sync.applied_mutations a
               WHERE a.client_id = push.client_id AND a.login <> session_user) THEN
        RAISE EXCEPTION 'This workspace belongs to another user: sign in with a workspace of your own.';
    END IF;
    PERFORM set_config('sync.client_id', client_id, true);
    FOR target IN SELECT DISTINCT m ->> 'table' FROM jsonb_array_elements(batch) m LOOP
        IF EXISTS (SELECT 1 FROM sync.synced_tables WHERE name = target) THEN
            types := types || jsonb_build_object(target, sync.column_types(target));
        END IF;
    END LOOP;
    LOOP
        SELECT coalesce(jsonb_object_agg(a.mutation_id, a.result), '{}'::jsonb) INTO seen
        FROM sync.applied_mutations a
        WHERE a.client_id = push.client_id AND a.login = session_user
          AND a.mutation_id IN (SELECT m ->> 'mutation_id' FROM jsonb_array_elements(batch) m);
        answers := '{}';
        fresh := '{}';
        BEGIN
            FOR mutation IN SELECT value FROM jsonb_array_elements(batch) LOOP
                IF seen ? (mutation ->> 'mutation_id') THEN
                    answers := answers || (seen -> (mutation ->> 'mutation_id'));
                    CONTINUE;
                END IF;
                IF careful THEN
                    BEGIN
                        answer := sync.apply_mutation(client_id, mutation,
                                                      coalesce(types -> (mutation ->> 'table'), '{}'));
                        SET CONSTRAINTS ALL IMMEDIATE;
                        SET CONSTRAINTS ALL DEFERRED;
                    EXCEPTION WHEN OTHERS THEN
                        GET STACKED DIAGNOSTICS reason = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                                                state = RETURNED_SQLSTATE;
                        answer := sync.refusal(client_id, mutation, reason, detail, state);
                    END;
                ELSE
                    answer := sync.apply_mutation(client_id, mutation,
                                                  coalesce(types -> (mutation ->> 'table'), '{}'));
                END IF;
                answers := answers || answer;
                fresh := fresh || jsonb_build_object('mutation_id', mutation ->> 'mutation_id',
                                                     'result', answer);
            END LOOP;
            SET CONSTRAINTS ALL IMMEDIATE;
            EXIT;
        EXCEPTION WHEN OTHERS THEN
            IF careful THEN
                RAISE;
            END IF;
            careful := true;
        END;
    END LOOP;
    INSERT INTO sync.applied_mutations(client_id, mutation_id, login, result)
    SELECT push.client_id, f ->> 'mutation_id', session_user, f -> 'result' FROM unnest(fresh) f
    ON CONFLICT DO NOTHING;
    RETURN jsonb_build_object('results', to_jsonb(answers));
END
$$;

-- Ends client transactions that have held a transaction id for longer than hold: the feed
-- horizon is the oldest running transaction, so one forgotten or deliberate open transaction
-- would otherwise stall every client's pull. Ended transactions roll back, so nothing they wrote
-- can appear behind a cursor that moved on. Returns how many were ended.
CREATE FUNCTION sync.release_horizon(hold interval) RETURNS integer LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    ended integer := 0;
    backend integer;
BEGIN
    FOR backend IN
        SELECT s.pid FROM pg_stat_activity s JOIN pg_roles r ON r.oid = s.usesysid
        WHERE s.backend_xid IS NOT NULL AND s.pid <> pg_backend_pid()
          AND s.xact_start < clock_timestamp() - hold
          AND NOT r.rolsuper AND pg_has_role(r.oid, 'leadline_client', 'MEMBER')
    LOOP
        BEGIN
            IF pg_terminate_backend(backend, 5000) THEN
                ended := ended + 1;
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            NULL; -- the schema owner may not end it; the feed reports that it waits
        END;
    END LOOP;
    RETURN ended;
END
$$;

-- One page of the change feed after the cursor (generation, xid, seq), joined to the current
-- rows the caller may see (explicitly: this runs as the owner). Only transactions older than
-- every running one are read, so a transaction that commits late is never skipped; a client
-- transaction that holds the horizon for more than 30 s is ended first.
CREATE OR REPLACE FUNCTION sync.pull_feed(generation text, after_xid text, after_seq bigint,
                                          page_size integer)
RETURNS json LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    server_generation text := (SELECT value FROM sync.server_info WHERE key = 'generation');
    horizon xid8;
    start_xid xid8 := coalesce(nullif(after_xid, ''), '0')::xid8;
    page sync.changes[];
    last_change sync.changes;
    tables json[] := '{}';
    gone json[] := '{}';
    part json;
    target text;
    ids text[];
    moved text[];
    visible text;
    columns text;
BEGIN
    IF sync.my_role() IS NULL THEN
        RAISE EXCEPTION 'Your account is disabled or unknown on this server: ask your administrator.';
    END IF;
    IF coalesce(generation, '') <> '' AND generation <> server_generation THEN
        RETURN json_build_object('generation', server_generation, 'reset', true);
    END IF;
    PERFORM sync.release_horizon(interval '25 seconds');
    horizon := pg_snapshot_xmin(pg_current_snapshot());
    SELECT array_agg(c ORDER BY c.xid, c.seq) INTO page FROM (
        SELECT * FROM sync.changes c
        WHERE (c.xid, c.seq) > (start_xid, coalesce(after_seq, 0)) AND c.xid < horizon
        ORDER BY c.xid, c.seq LIMIT page_size) c;
    IF page IS NULL THEN
        RETURN json_build_object('generation', server_generation, 'tables', '[]'::json,
                                 'gone', '[]'::json, 'xid', start_xid::text,
                                 'seq', coalesce(after_seq, 0), 'more', false,
                                 'waiting', EXISTS (SELECT 1 FROM sync.changes c
                                                    WHERE c.xid >= horizon));
    END IF;
    last_change := page[array_length(page, 1)];
    FOR target, ids, moved IN
        SELECT p.table_name, array_agg(DISTINCT p.row_id),
               array_agg(DISTINCT p.row_id) FILTER (
                   WHERE p.moved AND (sync.can_see_owner(p.previous_owner_id)
                                      OR (p.previous_team_id IS NOT NULL
                                          AND sync.my_role() = 'supervisor'
                                          AND p.previous_team_id = sync.my_team_id())))
        FROM unnest(page) p GROUP BY p.table_name
    LOOP
        SELECT t.visible INTO visible FROM sync.synced_tables t WHERE t.name = target;
        IF visible IS NULL THEN
            CONTINUE;
        END IF;
        SELECT string_agg(format('x.%I', a.attname), ', ' ORDER BY a.attnum) INTO columns
        FROM pg_attribute a
        WHERE a.attrelid = format('public.%I', target)::regclass AND a.attnum > 0
          AND NOT a.attisdropped AND a.attname NOT IN ('field_versions', 'field_clients');
        EXECUTE format('SELECT json_build_object(''t'', %L, ''rows'', coalesce(json_agg(v), ''[]'')) '
                       'FROM (SELECT %s FROM public.%I x WHERE x.id = ANY($1) AND (%s)) v',
                       target, columns, target, visible)
            INTO part USING ids;
        IF json_array_length(part -> 'rows') > 0 THEN
            tables := tables || part; -- nothing tells a caller what changed out of his sight
        END IF;
        IF moved IS NOT NULL THEN
            EXECUTE format('SELECT json_agg(json_build_object(''t'', %L, ''id'', m)) '
                           'FROM unnest($1) m WHERE NOT EXISTS '
                           '(SELECT 1 FROM public.%I x WHERE x.id = m AND (%s))',
                           target, target, visible)
                INTO part USING moved;
            IF part IS NOT NULL THEN
                gone := gone || part;
            END IF;
        END IF;
    END LOOP;
    RETURN json_build_object('generation', server_generation, 'tables', array_to_json(tables),
                             'gone', array_to_json(gone), 'xid', last_change.xid::text,
                             'seq', last_change.seq, 'more', array_length(page, 1) >= page_size,
                             'waiting', false);
END
$$;

ALTER FUNCTION sync.pull(text, text, bigint, integer) SECURITY DEFINER;
ALTER FUNCTION sync.pull(text, text, bigint, integer) VOLATILE;
ALTER FUNCTION sync.pull(text, text, bigint, integer) SET search_path = pg_catalog, pg_temp;

-- The handshake: the client says which server schema it was built for (and, in the session
-- setting leadline.client_id, which workstation it is); a disabled or unknown login is refused.
-- A session's first successful handshake is its sign-in (audited with the workstation).
CREATE OR REPLACE FUNCTION sync.hello(client_schema integer) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    client_id text := coalesce(current_setting('leadline.client_id', true), '');
    server_schema integer := (SELECT max(version) FROM sync.schema_version);
    account public.agents;
    message text;
    code text;
BEGIN
    SELECT * INTO account FROM public.agents WHERE login = session_user AND deleted = 0;
    IF account.id IS NOT NULL AND account.active <> 1 THEN
        code := 'disabled';
        message := 'your account is disabled: ask your administrator';
    ELSIF account.id IS NULL AND sync.my_role() IS NULL THEN
        code := 'unknown';
        message := format('the login %s is not a Leadline user on this server', session_user);
    ELSIF server_schema > client_schema THEN
        code := 'version';
        message := format('server schema %s, this client supports up to %s: please update Leadline',
                          server_schema, client_schema);
    ELSIF server_schema < client_schema THEN
        code := 'version';
        message := format('server schema %s is older than this client needs (%s): ask your '
                          'administrator to run "leadline server migrate"',
                          server_schema, client_schema);
    END IF;
    IF code IN ('disabled', 'unknown') THEN
        INSERT INTO public.audit_log(agent_id, action, detail, workstation)
        VALUES (account.id, 'sign_in_refused', jsonb_build_object('reason', code)::text,
                coalesce(nullif(client_id, ''), current_setting('application_name')));
    ELSIF code IS NULL AND account.id IS NOT NULL
          AND coalesce(current_setting('leadline.signed_in', true), '') <> session_user THEN
        PERFORM sync.audit('sign_in', NULL, NULL, NULL,
                           coalesce(nullif(client_id, ''), current_setting('application_name')));
        PERFORM set_config('leadline.signed_in', session_user, false);
    END IF;
    RETURN jsonb_build_object(
        'ok', message IS NULL,
        'code', code,
        'message', message,
        'server_schema', server_schema,
        'generation', (SELECT value FROM sync.server_info WHERE key = 'generation'),
        'agent_id', sync.my_agent_id(),
        'role', sync.my_role());
END
$$;

-- The feed's bookkeeping is written by the schema owner only.
ALTER TABLE sync.applied_mutations ALTER COLUMN login SET DEFAULT session_user;
ALTER TABLE sync.conflict_log ALTER COLUMN winner_login SET DEFAULT session_user;
DROP POLICY applied_mutations_own ON sync.applied_mutations;
CREATE POLICY applied_mutations_own ON sync.applied_mutations FOR SELECT
    USING (login = session_user);
DROP POLICY conflict_log_insert ON sync.conflict_log;
DROP POLICY conflict_log_read ON sync.conflict_log;
CREATE POLICY conflict_log_read ON sync.conflict_log FOR SELECT
    USING (loser_login = session_user OR winner_login = session_user);
ALTER TABLE sync.applied_mutations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE sync.conflict_log NO FORCE ROW LEVEL SECURITY;

-- Privileges: a client login reads its own answers and conflicts, and calls the sync functions
-- it needs; it writes nothing and reads no feed directly.
REVOKE ALL ON sync.changes, sync.applied_mutations, sync.conflict_log, sync.server_info,
    sync.synced_tables, sync.schema_version, sync.column_rights, sync.owner_history
    FROM PUBLIC, leadline_client;
GRANT SELECT ON sync.applied_mutations, sync.conflict_log, sync.server_info,
    sync.synced_tables, sync.schema_version TO leadline_client;
REVOKE ALL ON SEQUENCE sync.conflict_log_id_seq, sync.changes_seq_seq FROM PUBLIC, leadline_client;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA sync FROM PUBLIC, leadline_client;
ALTER DEFAULT PRIVILEGES IN SCHEMA sync REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sync.hello(integer), sync.push(text, jsonb),
    sync.pull(text, text, bigint, integer), sync.snapshot_start(),
    sync.snapshot(anyelement, text, integer, boolean), sync.lost_conflicts(text, bigint),
    sync.column_types(text),
    -- row-level security policies call these as the reader
    sync.my_agent_id(), sync.my_role(), sync.my_team_id(), sync.my_team_agent_ids()
    TO leadline_client;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA sync FROM PUBLIC;
GRANT USAGE ON SCHEMA sync TO leadline_client;

-- A client needs no temporary tables; the schema owner keeps them (server purge uses one).
DO $$
BEGIN
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO %I', current_database(), current_user);
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;

-- Ending a client's transaction needs pg_signal_backend (or a superuser) and seeing it needs
-- pg_read_all_stats; grant them to the schema owner when the one migrating may.
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT pg_signal_backend, pg_read_all_stats TO %I', current_user);
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'the schema owner cannot end client transactions that hold the feed back';
END
$$;
