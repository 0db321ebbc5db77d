-- Leadline server, schema step 2: the sync contract, three functions run under the caller's
-- own login role, so row-level security decides what each call may see and change.

-- The handshake: the client says which server schema it was built for.
CREATE FUNCTION sync.hello(client_schema integer) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
    server_schema integer := (SELECT max(version) FROM sync.schema_version);
    message text;
BEGIN
    IF server_schema > client_schema THEN
        message := format('server schema %s, this client supports up to %s: please update Leadline',
                          server_schema, client_schema);
    ELSIF server_schema < client_schema THEN
        message := format('server schema %s is older than this client needs (%s): ask your '
                          'administrator to run "leadline server migrate"',
                          server_schema, client_schema);
    END IF;
    RETURN jsonb_build_object(
        'ok', message IS NULL,
        'message', message,
        'server_schema', server_schema,
        'generation', (SELECT value FROM sync.server_info WHERE key = 'generation'),
        'agent_id', sync.my_agent_id(),
        'role', sync.my_role());
END
$$;

-- The visible server copy of one row (NULL when the caller may not see it).
CREATE FUNCTION sync.current_row(table_name text, row_id text) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    result jsonb;
BEGIN
    EXECUTE format('SELECT to_jsonb(x) - ''field_versions'' - ''field_clients'' '
                   'FROM public.%I x WHERE x.id = $1', table_name)
        INTO result USING row_id;
    RETURN result;
END
$$;

-- Applies one mutation {mutation_id, table, row_id, op, base_row_version, fields}.
-- column_types: {column: type} of the target table (see sync.column_types).
CREATE FUNCTION sync.apply_mutation(client text, mutation jsonb, column_types jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    target text := mutation ->> 'table';
    op text := mutation ->> 'op';
    row_id text := mutation ->> 'row_id';
    base bigint := coalesce((mutation ->> 'base_row_version')::bigint, 0);
    fields jsonb := coalesce(mutation -> 'fields', '{}'::jsonb);
    rule text;
    cur jsonb;
    columns text;
    conflicts jsonb := '[]'::jsonb;
    field text;
    version bigint;
    status text := 'applied';
BEGIN
    SELECT policy INTO rule FROM sync.synced_tables WHERE name = target;
    IF rule IS NULL THEN
        RAISE EXCEPTION 'the server does not sync a table named %', target;
    END IF;
    IF op NOT IN ('insert', 'update', 'delete') THEN
        RAISE EXCEPTION 'unknown operation %', op;
    END IF;
    -- Only real columns, never the server's bookkeeping.
    -- An empty string for a non-text column means NULL.
    SELECT coalesce(jsonb_object_agg(f.key, CASE WHEN f.value = '""'::jsonb
                                                  AND column_types ->> f.key <> 'text'
                                             THEN 'null'::jsonb ELSE f.value END), '{}'::jsonb)
    INTO fields
    FROM jsonb_each(fields) f
    WHERE column_types ? f.key
      AND f.key NOT IN ('id', 'row_version', 'field_versions', 'field_clients');

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
        RETURN jsonb_build_object('mutation_id', mutation ->> 'mutation_id', 'status', status,
                                  'row_version', version, 'conflicts', conflicts);
    END IF;

    EXECUTE format('SELECT to_jsonb(x) FROM public.%I x WHERE x.id = $1 FOR UPDATE', target)
        INTO cur USING row_id;
    IF cur IS NULL THEN
        RAISE EXCEPTION 'the record does not exist on the server or you may not change it';
    END IF;

    IF op = 'update' AND (cur ->> 'deleted')::integer = 1 THEN
        -- Delete wins over a concurrent edit.
        fields := '{}'::jsonb;
        status := 'ignored';
    ELSIF rule = 'todo_completion' AND cur ->> 'completed_at' IS NOT NULL THEN
        -- Completion is one-way: the first completion is kept.
        fields := fields - 'completed_at';
    ELSIF rule = 'field_merge' THEN
        FOR field IN SELECT key FROM jsonb_object_keys(fields) key
                     WHERE key NOT IN ('updated_at', 'updated_by', 'deleted') LOOP
            IF coalesce((cur -> 'field_versions' ->> field)::bigint, 0) > base
               AND coalesce(cur -> 'field_clients' ->> field, '') <> client
               AND cur -> field IS DISTINCT FROM fields -> field THEN
                INSERT INTO sync.conflict_log(table_name, row_id, field, winner_value, loser_value,
                                              winner_client, loser_client, winner_agent_id,
                                              loser_login, loser_agent_id)
                VALUES (target, row_id, field, fields -> field, cur -> field, client,
                        cur -> 'field_clients' ->> field, sync.my_agent_id(),
                        sync.login_of_client(cur -> 'field_clients' ->> field),
                        cur ->> 'updated_by');
                conflicts := conflicts || jsonb_build_object(
                    'field', field, 'theirs', cur -> field, 'mine', fields -> field,
                    'their_agent_id', cur ->> 'updated_by');
            END IF;
        END LOOP;
    END IF;

    IF NOT EXISTS (SELECT 1 FROM jsonb_object_keys(fields) key
                   WHERE key NOT IN ('updated_at', 'updated_by')) THEN
        IF status = 'applied' THEN
            status := 'unchanged';
        END IF;
        RETURN jsonb_build_object('mutation_id', mutation ->> 'mutation_id', 'status', status,
                                  'row_version', (cur ->> 'row_version')::bigint,
                                  'conflicts', conflicts);
    END IF;

    SELECT string_agg(format('%I', key), ',') INTO columns FROM jsonb_object_keys(fields) key;
    EXECUTE format('UPDATE public.%I SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::public.%I, $1)) '
                   'WHERE id = $2 RETURNING row_version', target, columns, columns, target)
        INTO version USING fields, row_id;
    IF version IS NULL THEN
        RAISE EXCEPTION 'you may not change this record';
    END IF;
    RETURN jsonb_build_object('mutation_id', mutation ->> 'mutation_id', 'status', status,
                              'row_version', version, 'conflicts', conflicts);
END
$$;

-- The columns of a synced table and their types: {"name": "text", "score": "bigint", ...}.
CREATE FUNCTION sync.column_types(table_name text) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_object_agg(a.attname, format_type(a.atttypid, NULL)), '{}'::jsonb)
    FROM pg_attribute a
    WHERE a.attrelid = format('public.%I', table_name)::regclass AND a.attnum > 0
      AND NOT a.attisdropped
$$;

-- Applies a batch in one transaction. Each mutation is applied once per (client, mutation_id);
-- a mutation seen before gets its stored answer again. The batch is first tried without
-- per-mutation savepoints (the common case: nothing fails); if anything fails, it is applied
-- again one mutation at a time so only the failing ones are rejected.
CREATE FUNCTION sync.push(client_id text, batch jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    seen jsonb;
    types jsonb := '{}'::jsonb;
    mutation jsonb;
    answer jsonb;
    answers jsonb[] := '{}';
    fresh jsonb[] := '{}';
    careful boolean := false;
    target text;
BEGIN
    PERFORM set_config('sync.client_id', client_id, true);
    SELECT coalesce(jsonb_object_agg(a.mutation_id, a.result), '{}'::jsonb) INTO seen
    FROM sync.applied_mutations a
    WHERE a.client_id = push.client_id
      AND a.mutation_id IN (SELECT m ->> 'mutation_id' FROM jsonb_array_elements(batch) m);
    FOR target IN SELECT DISTINCT m ->> 'table' FROM jsonb_array_elements(batch) m LOOP
        IF EXISTS (SELECT 1 FROM sync.synced_tables WHERE name = target) THEN
            types := types || jsonb_build_object(target, sync.column_types(target));
        END IF;
    END LOOP;
    LOOP
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
                    EXCEPTION WHEN OTHERS THEN
                        answer := jsonb_build_object(
                            'mutation_id', mutation ->> 'mutation_id', 'status', 'rejected',
                            'reason', SQLERRM,
                            'server_row', CASE WHEN types ? (mutation ->> 'table')
                                THEN sync.current_row(mutation ->> 'table', mutation ->> 'row_id') END);
                    END;
                ELSE
                    answer := sync.apply_mutation(client_id, mutation,
                                                  coalesce(types -> (mutation ->> 'table'), '{}'));
                END IF;
                answers := answers || answer;
                fresh := fresh || jsonb_build_object('mutation_id', mutation ->> 'mutation_id',
                                                     'result', answer);
            END LOOP;
            EXIT;
        EXCEPTION WHEN OTHERS THEN
            IF careful THEN
                RAISE;
            END IF;
            careful := true;
            SELECT coalesce(jsonb_object_agg(a.mutation_id, a.result), '{}'::jsonb) INTO seen
            FROM sync.applied_mutations a
            WHERE a.client_id = push.client_id
              AND a.mutation_id IN (SELECT m ->> 'mutation_id' FROM jsonb_array_elements(batch) m);
        END;
    END LOOP;
    INSERT INTO sync.applied_mutations(client_id, mutation_id, result)
    SELECT push.client_id, f ->> 'mutation_id', f -> 'result' FROM unnest(fresh) f
    ON CONFLICT DO NOTHING;
    RETURN jsonb_build_object('results', to_jsonb(answers));
END
$$;

-- One page of the change feed after the cursor (generation, xid, seq), joined to the current
-- rows the caller may see. Only transactions older than every running one are read, so a
-- transaction that commits late is never skipped. tables: [{"t": table, "rows": [...]}],
-- gone: [{"t": table, "id": id}] for rows that moved out of the caller's sight. Built as json
-- (not jsonb): the page is only passed through, and json is several times cheaper to build.
CREATE FUNCTION sync.pull(generation text, after_xid text, after_seq bigint, page_size integer)
RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE
    server_generation text := (SELECT value FROM sync.server_info WHERE key = 'generation');
    horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
    start_xid xid8 := coalesce(nullif(after_xid, ''), '0')::xid8;
    page sync.changes[];
    last_change sync.changes;
    tables json[] := '{}';
    gone json[] := '{}';
    part json;
    target text;
    ids text[];
    moved text[];
BEGIN
    IF coalesce(generation, '') <> '' AND generation <> server_generation THEN
        RETURN json_build_object('generation', server_generation, 'reset', true);
    END IF;
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
               array_agg(DISTINCT p.row_id) FILTER (WHERE p.moved
                                                     AND sync.can_see_owner(p.previous_owner_id))
        FROM unnest(page) p GROUP BY p.table_name
    LOOP
        EXECUTE format('SELECT json_build_object(''t'', %L, ''rows'', coalesce(json_agg(x), ''[]'')) '
                       'FROM public.%I x WHERE x.id = ANY($1)', target, target)
            INTO part USING ids;
        tables := tables || part;
        IF moved IS NOT NULL THEN
            EXECUTE format('SELECT json_agg(json_build_object(''t'', %L, ''id'', m)) '
                           'FROM unnest($1) m '
                           'WHERE NOT EXISTS (SELECT 1 FROM public.%I x WHERE x.id = m)',
                           target, target)
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

-- Conflicts this client lost (its value was replaced by a later arrival), after a log id.
CREATE FUNCTION sync.lost_conflicts(client_id text, after_id bigint) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT coalesce(json_agg(json_build_object(
               'id', c.id, 'table', c.table_name, 'row_id', c.row_id, 'field', c.field,
               'mine', c.loser_value, 'theirs', c.winner_value,
               'their_agent_id', c.winner_agent_id,
               'at', (extract(epoch FROM c.at) * 1000)::bigint) ORDER BY c.id), '[]')
    FROM sync.conflict_log c
    WHERE c.loser_client = lost_conflicts.client_id AND c.id > after_id
$$;

-- Creates or updates a login role for a Leadline user (used by "leadline user add").
CREATE FUNCTION sync.create_login(login text, password text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', login, password);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', login, password);
    END IF;
    SET LOCAL client_min_messages = warning;
    EXECUTE format('GRANT leadline_client TO %I', login);
    -- A forgotten open transaction would stall every client's pull: end it.
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = ''30s''', login);
    EXECUTE format('ALTER ROLE %I SET statement_timeout = ''120s''', login);
END
$$;

GRANT EXECUTE ON FUNCTION sync.hello(integer), sync.push(text, jsonb),
    sync.pull(text, text, bigint, integer), sync.current_row(text, text),
    sync.lost_conflicts(text, bigint),
    sync.apply_mutation(text, jsonb, jsonb), sync.column_types(text) TO leadline_client;
REVOKE EXECUTE ON FUNCTION sync.create_login(text, text) FROM PUBLIC;
