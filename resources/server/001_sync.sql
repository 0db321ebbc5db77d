-- Leadline server, schema step 1: the sync machinery (§5). The synced tables themselves are
-- created by later steps and registered with sync.register_table().

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE sync.server_info (
    key text PRIMARY KEY,
    value text NOT NULL
);
-- generation changes when a server is restored from a dump (see docs/sync.md).
INSERT INTO sync.server_info(key, value) VALUES
    ('generation', gen_random_uuid()::text),
    ('protocol', '1');

-- policy: how concurrent writes resolve; parent_column: the customer a child row belongs to
-- (NULL for reference data); owner_column: the agent that owns a row without a customer.
CREATE TABLE sync.synced_tables (
    name text PRIMARY KEY,
    policy text NOT NULL CHECK (policy IN ('field_merge', 'insert_only', 'todo_completion',
                                           'last_write_wins')),
    scope text NOT NULL CHECK (scope IN ('reference', 'staff', 'customer', 'child', 'owner')),
    parent_column text,
    owner_column text
);

-- The change feed. xid is the writing transaction; a reader takes rows below the oldest
-- running transaction only, so a late commit can never be skipped.
CREATE TABLE sync.changes (
    seq bigserial PRIMARY KEY,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    table_name text NOT NULL,
    row_id text NOT NULL,
    moved boolean NOT NULL DEFAULT false,
    previous_owner_id text
);
CREATE INDEX changes_cursor ON sync.changes(xid, seq);

-- One row per mutation ever applied, with the answer given, so a re-sent batch gets the same
-- answer and changes nothing twice.
CREATE TABLE sync.applied_mutations (
    client_id text NOT NULL,
    mutation_id text NOT NULL,
    login name NOT NULL DEFAULT current_user,
    result jsonb NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, mutation_id)
);

-- Field conflicts: the later arrival won; the value it replaced is kept here.
CREATE TABLE sync.conflict_log (
    id bigserial PRIMARY KEY,
    table_name text NOT NULL,
    row_id text NOT NULL,
    field text NOT NULL,
    winner_value jsonb,
    loser_value jsonb,
    winner_client text NOT NULL,
    loser_client text NOT NULL,
    winner_login name NOT NULL DEFAULT current_user,
    winner_agent_id text,
    loser_login name,
    loser_agent_id text,
    at timestamptz NOT NULL DEFAULT now()
);

-- Every client login is a member of this group role.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leadline_client') THEN
        CREATE ROLE leadline_client NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA sync TO leadline_client;
GRANT SELECT ON sync.server_info, sync.synced_tables, sync.changes TO leadline_client;
GRANT SELECT ON sync.schema_version TO leadline_client;
GRANT SELECT, INSERT ON sync.applied_mutations, sync.conflict_log TO leadline_client;
GRANT USAGE ON SEQUENCE sync.conflict_log_id_seq TO leadline_client;

ALTER TABLE sync.applied_mutations ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync.applied_mutations FORCE ROW LEVEL SECURITY;
CREATE POLICY applied_mutations_own ON sync.applied_mutations
    USING (login = current_user) WITH CHECK (login = current_user);
ALTER TABLE sync.conflict_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync.conflict_log FORCE ROW LEVEL SECURITY;
CREATE POLICY conflict_log_insert ON sync.conflict_log FOR INSERT WITH CHECK (winner_login = current_user);
CREATE POLICY conflict_log_read ON sync.conflict_log FOR SELECT
    USING (loser_login = current_user OR winner_login = current_user);
CREATE INDEX conflict_log_loser ON sync.conflict_log(loser_client, id);

-- The login a client last pushed as (the conflict log tells the loser of a conflict).
CREATE FUNCTION sync.login_of_client(client text) RETURNS name LANGUAGE sql STABLE
SECURITY DEFINER AS $$
    SELECT a.login FROM sync.applied_mutations a WHERE a.client_id = client
    ORDER BY a.applied_at DESC LIMIT 1
$$;

-- Who is calling: the agent row whose login is the session's role.
CREATE FUNCTION sync.my_agent_id() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT id FROM public.agents WHERE login = current_user AND deleted = 0
$$;
CREATE FUNCTION sync.my_role() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT role FROM public.agents WHERE login = current_user AND deleted = 0 AND active = 1
$$;
CREATE FUNCTION sync.my_team_id() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT team_id FROM public.agents WHERE login = current_user AND deleted = 0
$$;

-- May the caller see what an agent (or the pool, NULL) owns? Agents: themselves and the pool;
-- supervisors: their team and the pool; admins: everything.
CREATE FUNCTION sync.can_see_owner(owner text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE sync.my_role()
        WHEN 'admin' THEN true
        WHEN 'supervisor' THEN owner IS NULL OR owner = sync.my_agent_id()
            OR EXISTS (SELECT 1 FROM public.agents a
                       WHERE a.id = owner AND a.team_id = sync.my_team_id())
        WHEN 'agent' THEN owner IS NULL OR owner = sync.my_agent_id()
        ELSE false
    END
$$;

-- The agents of the caller's team when the caller is a supervisor (empty otherwise).
CREATE FUNCTION sync.my_team_agent_ids() RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(a.id), '{}') FROM public.agents a
    WHERE sync.my_role() = 'supervisor' AND a.team_id = sync.my_team_id()
$$;

-- The row-level security expression for an owner column: the same rule as can_see_owner, with
-- the caller's facts in sub-selects so PostgreSQL computes them once per statement, not per row.
CREATE FUNCTION sync.owner_rule(owner_column text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT format('((SELECT sync.my_role()) = ''admin'' OR (%1$s IS NULL AND (SELECT sync.my_role()) '
                  'IS NOT NULL) OR %1$s = (SELECT sync.my_agent_id()) '
                  'OR %1$s = ANY ((SELECT sync.my_team_agent_ids())::text[]))', owner_column)
$$;

CREATE FUNCTION sync.is_staff() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(sync.my_role() IN ('admin', 'supervisor'), false)
$$;

-- row_version goes up by one with every write, whoever writes.
CREATE FUNCTION sync.stamp_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.row_version := 1;
    ELSE
        NEW.row_version := OLD.row_version + 1;
    END IF;
    RETURN NEW;
END
$$;

-- field_versions: field -> row_version of its last change; field_clients: which client made it.
CREATE FUNCTION sync.stamp_fields() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) ELSE '{}'::jsonb END;
    new_row jsonb := to_jsonb(NEW);
    client text := coalesce(current_setting('sync.client_id', true), '');
    field text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.field_versions := '{}'::jsonb;
        NEW.field_clients := '{}'::jsonb;
        RETURN NEW;
    END IF;
    FOR field IN
        SELECT key FROM jsonb_each(new_row)
        WHERE key NOT IN ('row_version', 'updated_at', 'updated_by', 'field_versions', 'field_clients')
          AND new_row -> key IS DISTINCT FROM old_row -> key
    LOOP
        NEW.field_versions := jsonb_set(NEW.field_versions, ARRAY[field], to_jsonb(NEW.row_version));
        NEW.field_clients := jsonb_set(NEW.field_clients, ARRAY[field], to_jsonb(client));
    END LOOP;
    RETURN NEW;
END
$$;

-- Appends to the change feed. Runs as the schema owner: clients cannot write the feed directly.
CREATE FUNCTION sync.record_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    INSERT INTO sync.changes(table_name, row_id) VALUES (TG_TABLE_NAME, NEW.id);
    RETURN NULL;
END
$$;

-- A customer changing owner: the change carries the previous owner (so the old owner's client
-- drops it), and every child row is fed again (so the new owner's client receives them).
CREATE FUNCTION sync.record_customer_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    child record;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.owner_id IS DISTINCT FROM NEW.owner_id THEN
        INSERT INTO sync.changes(table_name, row_id, moved, previous_owner_id)
        VALUES (TG_TABLE_NAME, NEW.id, true, OLD.owner_id);
        FOR child IN SELECT name, parent_column FROM sync.synced_tables WHERE scope = 'child' LOOP
            EXECUTE format('INSERT INTO sync.changes(table_name, row_id) '
                           'SELECT %L, id FROM public.%I WHERE %I = $1',
                           child.name, child.name, child.parent_column)
                USING NEW.id;
        END LOOP;
    ELSE
        INSERT INTO sync.changes(table_name, row_id) VALUES (TG_TABLE_NAME, NEW.id);
    END IF;
    RETURN NULL;
END
$$;

-- Makes a created table a synced table: triggers, row-level security and client grants.
-- scope: 'reference' (everyone reads and writes), 'staff' (everyone reads, supervisors and
-- admins write), 'customer' (the customers table), 'child' (follows parent_column's customer),
-- 'owner' (follows owner_column's agent).
CREATE FUNCTION sync.register_table(table_name text, policy text, scope text,
                                    parent_column text DEFAULT NULL,
                                    owner_column text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    visible text;
    writable text;
BEGIN
    INSERT INTO sync.synced_tables(name, policy, scope, parent_column, owner_column)
    VALUES (table_name, policy, scope, parent_column, owner_column);

    EXECUTE format('CREATE TRIGGER a_stamp_row BEFORE INSERT OR UPDATE ON public.%I '
                   'FOR EACH ROW EXECUTE FUNCTION sync.stamp_row()', table_name);
    IF policy = 'field_merge' THEN
        EXECUTE format('CREATE TRIGGER b_stamp_fields BEFORE INSERT OR UPDATE ON public.%I '
                       'FOR EACH ROW EXECUTE FUNCTION sync.stamp_fields()', table_name);
    END IF;
    EXECUTE format('CREATE TRIGGER z_record_change AFTER INSERT OR UPDATE ON public.%I '
                   'FOR EACH ROW EXECUTE FUNCTION %s()', table_name,
                   CASE WHEN scope = 'customer' THEN 'sync.record_customer_change'
                        ELSE 'sync.record_change' END);

    visible := CASE scope
        WHEN 'reference' THEN 'true'
        WHEN 'staff' THEN 'true'
        WHEN 'customer' THEN sync.owner_rule('owner_id')
        WHEN 'child' THEN format('(SELECT sync.my_role()) = ''admin'' OR CASE WHEN %1$I IS NULL '
                                 'THEN %2$s ELSE EXISTS (SELECT 1 FROM public.customers c '
                                 'WHERE c.id = %1$I) END',
                                 parent_column,
                                 sync.owner_rule(coalesce(quote_ident(owner_column), 'NULL')))
        WHEN 'owner' THEN sync.owner_rule(quote_ident(owner_column))
    END;
    writable := CASE scope WHEN 'staff' THEN '(SELECT sync.is_staff())' ELSE visible END;

    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', table_name);
    EXECUTE format('ALTER TABLE public.%I FORCE ROW LEVEL SECURITY', table_name);
    EXECUTE format('CREATE POLICY sync_read ON public.%I FOR SELECT USING (%s)', table_name, visible);
    EXECUTE format('CREATE POLICY sync_insert ON public.%I FOR INSERT WITH CHECK (%s)', table_name, writable);
    EXECUTE format('CREATE POLICY sync_update ON public.%I FOR UPDATE USING (%s) WITH CHECK (%s)',
                   table_name, writable, writable);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON public.%I TO leadline_client', table_name);
END
$$;
