-- Leadline server: a replay can never apply twice, even after a purge (§5). A client numbers its
-- mutations (client_seq, its outbox order, never reused); each stored answer keeps that number,
-- and when "server purge" drops old answers it keeps, per workstation, the highest number it
-- dropped. A mutation at or below that mark whose answer is gone was applied before: it is
-- answered as applied, with the server's current row for the client to take, and never applied
-- again (so an old value cannot overwrite a newer one).

ALTER TABLE sync.applied_mutations ADD COLUMN client_seq bigint;

CREATE TABLE sync.applied_marks (
    client_id text NOT NULL,
    login name NOT NULL,
    client_seq bigint NOT NULL,
    PRIMARY KEY (client_id, login)
);
REVOKE ALL ON sync.applied_marks FROM PUBLIC, leadline_client;

-- The number a client gave a mutation (NULL for old clients and seeding).
CREATE FUNCTION sync.client_seq(mutation jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN mutation ->> 'client_seq' ~ '^[0-9]{1,18}$'
                THEN (mutation ->> 'client_seq')::bigint END
$$;
REVOKE EXECUTE ON FUNCTION sync.client_seq(jsonb) FROM PUBLIC;

-- The answer to a mutation applied before its stored answer was purged.
CREATE FUNCTION sync.replayed(mutation jsonb) RETURNS jsonb LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
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
    RETURN jsonb_build_object('mutation_id', mutation ->> 'mutation_id', 'status', 'applied',
                              'replayed', true, 'conflicts', '[]'::jsonb,
                              'row_version', server_row -> 'row_version',
                              'server_row', server_row);
END
$$;
REVOKE EXECUTE ON FUNCTION sync.replayed(jsonb) FROM PUBLIC;

-- sync.push as in step 8, with the mark checked and client_seq stored with each answer.
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
    mark bigint;
BEGIN
    IF sync.my_role() IS NULL THEN
        RAISE EXCEPTION 'Your account is disabled or unknown on this server: ask your administrator.';
    END IF;
    IF coalesce(client_id, '') = '' OR jsonb_typeof(batch) <> 'array' THEN
        RAISE EXCEPTION 'A push needs a client id and an array of changes.';
    END IF;
    IF EXISTS (SELECT 1 FROM sync.applied_mutations a
               WHERE a.client_id = push.client_id AND a.login <> session_user)
       OR EXISTS (SELECT 1 FROM sync.applied_marks m
                  WHERE m.client_id = push.client_id AND m.login <> session_user) THEN
        RAISE EXCEPTION 'This workspace belongs to another user: sign in with a workspace of your own.';
    END IF;
    PERFORM set_config('sync.client_id', client_id, true);
    SELECT m.client_seq INTO mark FROM sync.applied_marks m
    WHERE m.client_id = push.client_id AND m.login = session_user;
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
                IF mark IS NOT NULL AND sync.client_seq(mutation) <= mark THEN
                    answers := answers || sync.replayed(mutation);
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
                                                     'client_seq', sync.client_seq(mutation),
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
    INSERT INTO sync.applied_mutations(client_id, mutation_id, login, result, client_seq)
    SELECT push.client_id, f ->> 'mutation_id', session_user, f -> 'result',
           (f ->> 'client_seq')::bigint
    FROM unnest(fresh) f
    ON CONFLICT DO NOTHING;
    RETURN jsonb_build_object('results', to_jsonb(answers));
END
$$;

-- Purge as in step 5, keeping the mark of every workstation whose answers it drops.
ALTER FUNCTION sync.purge(interval) RENAME TO purge_window;
CREATE FUNCTION sync.purge(keep interval) RETURNS jsonb LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF keep < interval '1 day' THEN
        RAISE EXCEPTION 'the offline window must be at least one day';
    END IF;
    INSERT INTO sync.applied_marks(client_id, login, client_seq)
    SELECT a.client_id, a.login, max(a.client_seq) FROM sync.applied_mutations a
    WHERE a.applied_at < now() - keep AND a.client_seq IS NOT NULL
    GROUP BY a.client_id, a.login
    ON CONFLICT (client_id, login) DO UPDATE
        SET client_seq = greatest(applied_marks.client_seq, excluded.client_seq);
    RETURN sync.purge_window(keep);
END
$$;
REVOKE EXECUTE ON FUNCTION sync.purge(interval) FROM PUBLIC;

-- A restored server is a new generation, whatever the dump carried: the generation is tied to
-- the instance that stores it (the cluster's system identifier and the database's oid), which no
-- dump can bring along. The handshake renews it when the instance changed: a dump restored into
-- another database of the same cluster, or into a fresh cluster (whose transaction ids may
-- restart below every client's cursor), makes every client resync instead of missing changes.
CREATE FUNCTION sync.instance() RETURNS text LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    cluster text := '';
BEGIN
    BEGIN
        SELECT system_identifier::text INTO cluster FROM pg_control_system();
    EXCEPTION WHEN insufficient_privilege THEN
        cluster := ''; -- the database alone still tells another database of the same cluster
    END;
    RETURN cluster || ':' || (SELECT d.oid::text FROM pg_database d
                              WHERE d.datname = current_database());
END
$$;
REVOKE EXECUTE ON FUNCTION sync.instance() FROM PUBLIC;

DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT EXECUTE ON FUNCTION pg_control_system() TO %I', current_user);
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'the schema owner cannot read the cluster identifier: a dump restored into a '
                  'fresh cluster is recognised by its database only';
END
$$;

INSERT INTO sync.server_info(key, value) VALUES ('instance', sync.instance());

-- The current generation, renewed first when the instance changed since it was set.
CREATE FUNCTION sync.current_generation() RETURNS text LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    here text := sync.instance();
    recorded text;
BEGIN
    SELECT value INTO recorded FROM sync.server_info WHERE key = 'instance';
    IF recorded IS DISTINCT FROM here THEN
        PERFORM 1 FROM sync.server_info WHERE key = 'instance' FOR UPDATE;
        SELECT value INTO recorded FROM sync.server_info WHERE key = 'instance';
        IF recorded IS DISTINCT FROM here THEN
            UPDATE sync.server_info SET value = gen_random_uuid()::text WHERE key = 'generation';
            INSERT INTO sync.server_info(key, value) VALUES ('instance', here)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value;
        END IF;
    END IF;
    RETURN (SELECT value FROM sync.server_info WHERE key = 'generation');
END
$$;
REVOKE EXECUTE ON FUNCTION sync.current_generation() FROM PUBLIC;

-- The handshake (step 8) checks the instance first; its answer carries the renewed generation.
ALTER FUNCTION sync.hello(integer) RENAME TO hello_checked;
CREATE FUNCTION sync.hello(client_schema integer) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM sync.current_generation();
    RETURN sync.hello_checked(client_schema);
END
$$;
REVOKE EXECUTE ON FUNCTION sync.hello(integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION sync.hello_checked(integer) FROM PUBLIC, leadline_client;
GRANT EXECUTE ON FUNCTION sync.hello(integer) TO leadline_client;
