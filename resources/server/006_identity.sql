-- Leadline server, schema step 6: who is calling, what each login may read, the audit log and
-- the feed a team move needs. Client logins keep SELECT on the synced tables (under row-level
-- security) and lose every direct write: step 7 makes sync.push the one write path.

-- The caller is the session's login (session_user): the same inside a SECURITY DEFINER function
-- as outside it, and a client cannot change it. A disabled user (active = 0) is nobody.
CREATE OR REPLACE FUNCTION sync.my_agent_id() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
    SELECT id FROM public.agents WHERE login = session_user AND deleted = 0 AND active = 1
$$;
-- A PostgreSQL superuser without a user row (the administrator running maintenance) is an admin.
CREATE OR REPLACE FUNCTION sync.my_role() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(
        (SELECT role FROM public.agents WHERE login = session_user AND deleted = 0 AND active = 1),
        (SELECT 'admin' FROM pg_roles r WHERE r.rolname = session_user AND r.rolsuper
           AND NOT EXISTS (SELECT 1 FROM public.agents a WHERE a.login = session_user)))
$$;
CREATE OR REPLACE FUNCTION sync.my_team_id() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
    SELECT team_id FROM public.agents WHERE login = session_user AND deleted = 0 AND active = 1
$$;
CREATE OR REPLACE FUNCTION sync.my_team_agent_ids() RETURNS text[] LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(array_agg(a.id), '{}') FROM public.agents a
    WHERE sync.my_role() = 'supervisor' AND a.team_id = sync.my_team_id()
$$;
CREATE FUNCTION sync.caller_is_admin() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(sync.my_role() = 'admin', false)
$$;
ALTER FUNCTION sync.login_of_client(text) SET search_path = pg_catalog, pg_temp;

-- The visibility rule of a scope as one SQL expression over the row alias, explicit about the
-- parent customer so that it gives the same answer with or without row-level security (the
-- sync functions that run as the schema owner filter with it).
CREATE FUNCTION sync.visible_rule(scope text, parent_column text, owner_column text, alias text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE scope
        WHEN 'reference' THEN '(SELECT sync.my_role()) IS NOT NULL'
        WHEN 'staff' THEN '(SELECT sync.my_role()) IS NOT NULL'
        WHEN 'customer' THEN sync.owner_rule(quote_ident(alias) || '.owner_id')
        WHEN 'child' THEN format('((SELECT sync.my_role()) = ''admin'' OR CASE WHEN %4$I.%1$I IS NULL '
                                 'THEN %2$s ELSE EXISTS (SELECT 1 FROM public.customers c '
                                 'WHERE c.id = %4$I.%1$I AND %3$s) END)',
                                 parent_column,
                                 sync.owner_rule(coalesce(quote_ident(alias) || '.'
                                                          || quote_ident(owner_column), 'NULL')),
                                 sync.owner_rule('c.owner_id'), alias)
        WHEN 'owner' THEN sync.owner_rule(quote_ident(alias) || '.' || quote_ident(owner_column))
    END
$$;

ALTER TABLE sync.synced_tables ADD COLUMN visible text;

-- Policies, grants and the stored rule of one synced table: clients read under row-level
-- security and write nothing directly. Row-level security is not forced on the owner, so the
-- sync functions (which run as the owner) apply the rules themselves.
CREATE FUNCTION sync.secure_table(target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t sync.synced_tables;
    rule text;
BEGIN
    SELECT * INTO t FROM sync.synced_tables WHERE name = target;
    rule := sync.visible_rule(t.scope, t.parent_column, t.owner_column, 'x');
    UPDATE sync.synced_tables SET visible = rule WHERE name = target;
    EXECUTE format('DROP POLICY IF EXISTS sync_read ON public.%I', target);
    EXECUTE format('DROP POLICY IF EXISTS sync_insert ON public.%I', target);
    EXECUTE format('DROP POLICY IF EXISTS sync_update ON public.%I', target);
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE public.%I NO FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('CREATE POLICY sync_read ON public.%1$I AS PERMISSIVE FOR SELECT USING (%2$s)',
                   target, sync.visible_rule(t.scope, t.parent_column, t.owner_column, target));
    EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC, leadline_client', target);
    EXECUTE format('GRANT SELECT ON public.%I TO leadline_client', target);
END
$$;

-- Tables registered from now on are secured the same way.
CREATE OR REPLACE FUNCTION sync.register_table(table_name text, policy text, scope text,
                                               parent_column text DEFAULT NULL,
                                               owner_column text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM sync.register_table_rows(table_name, policy, scope, parent_column, owner_column);
    EXECUTE format('CREATE TRIGGER z_notify_change AFTER INSERT OR UPDATE ON public.%I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION sync.notify_change()', table_name);
    PERFORM sync.secure_table(table_name);
END
$$;

-- Mirrors of the local CHECK constraints the server did not have yet (NOT VALID: rows written
-- before are left as they are; every new write is checked).
ALTER TABLE public.stage_changes ADD CONSTRAINT stage_changes_kind_domain
    CHECK (kind IN ('stage', 'owner', 'merge', 'import', 'rule', 'pool')) NOT VALID;
ALTER TABLE public.dial_blocks ADD CONSTRAINT dial_blocks_rule_domain
    CHECK (rule IN ('dnc', 'hours', 'cap_day', 'cap_total', 'invalid')) NOT VALID;
ALTER TABLE public.agents ADD CONSTRAINT agents_active_domain CHECK (active IN (0, 1)) NOT VALID;

-- Tag names are unique among live tags, checked when the writing transaction ends, so two tags
-- may swap names in one push.
DROP INDEX public.tags_name;
ALTER TABLE public.tags ADD CONSTRAINT tags_name_live EXCLUDE USING btree (name WITH =)
    WHERE (deleted = 0) DEFERRABLE INITIALLY DEFERRED;

-- The audit log: who did what, when and from which workstation. Rows are written by the sync
-- functions only; nobody changes or deletes one.
CREATE TABLE public.audit_log (
    id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
    at bigint NOT NULL DEFAULT (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
    agent_id text,
    login text NOT NULL DEFAULT session_user,
    action text NOT NULL CHECK (action IN ('sign_in', 'sign_in_refused', 'failed_sign_in',
                                           'export', 'delete', 'merge', 'reassign', 'claim',
                                           'release', 'role', 'team', 'user', 'policy', 'dnc',
                                           'rule')),
    table_name text NOT NULL DEFAULT '',
    row_id text NOT NULL DEFAULT '',
    detail text NOT NULL DEFAULT '{}',
    workstation text NOT NULL DEFAULT '',
    address text NOT NULL DEFAULT coalesce(host(inet_client_addr()), 'local'),
    row_version bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by text,
    deleted integer NOT NULL DEFAULT 0 CHECK (deleted = 0)
);
CREATE INDEX audit_log_agent ON public.audit_log(agent_id, action, at);
CREATE INDEX audit_log_at ON public.audit_log(at);

CREATE FUNCTION sync.audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: its entries cannot be changed or deleted';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON public.audit_log
    FOR EACH ROW EXECUTE FUNCTION sync.audit_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION sync.audit_is_append_only();

-- Appends one audit entry as the caller.
CREATE FUNCTION sync.audit(action text, table_name text, row_id text, detail jsonb,
                           workstation text) RETURNS void LANGUAGE sql
SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO public.audit_log(agent_id, action, table_name, row_id, detail, workstation, updated_by)
    VALUES (sync.my_agent_id(), action, coalesce(table_name, ''), coalesce(row_id, ''),
            coalesce(detail, '{}'::jsonb)::text, coalesce(workstation, ''), sync.my_agent_id())
$$;

-- The change feed also remembers the team of a row's previous owner, so a supervisor's cache
-- loses the customers of an agent who moved to another team.
ALTER TABLE sync.changes ADD COLUMN previous_team_id text;

-- An agent moving to another team: their customers (and everything on them) are fed again as
-- moved, so the old supervisor's client drops them and the new one's receives them.
CREATE FUNCTION sync.record_team_move() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    child record;
BEGIN
    IF OLD.team_id IS NOT DISTINCT FROM NEW.team_id THEN
        RETURN NULL;
    END IF;
    INSERT INTO sync.changes(table_name, row_id, moved, previous_owner_id, previous_team_id)
    SELECT 'customers', c.id, true, NEW.id, OLD.team_id FROM public.customers c
    WHERE c.owner_id = NEW.id;
    FOR child IN SELECT name, parent_column FROM sync.synced_tables WHERE scope = 'child' LOOP
        EXECUTE format('INSERT INTO sync.changes(table_name, row_id) '
                       'SELECT %L, x.id FROM public.%I x JOIN public.customers c '
                       'ON c.id = x.%I WHERE c.owner_id = $1',
                       child.name, child.name, child.parent_column)
            USING NEW.id;
    END LOOP;
    RETURN NULL;
END
$$;
CREATE TRIGGER z_record_team_move AFTER UPDATE OF team_id ON public.agents
    FOR EACH ROW EXECUTE FUNCTION sync.record_team_move();

-- The feed writers run as whoever writes a synced table (only the sync functions and the
-- administrator do), and accept synced tables of the public schema only.
CREATE OR REPLACE FUNCTION sync.record_change() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_TABLE_SCHEMA <> 'public'
       OR NOT EXISTS (SELECT 1 FROM sync.synced_tables WHERE name = TG_TABLE_NAME) THEN
        RAISE EXCEPTION 'only synced tables feed the change log';
    END IF;
    INSERT INTO sync.changes(table_name, row_id) VALUES (TG_TABLE_NAME, NEW.id);
    RETURN NULL;
END
$$;
ALTER FUNCTION sync.record_change() SECURITY INVOKER;
ALTER FUNCTION sync.record_customer_change() SECURITY INVOKER;
ALTER FUNCTION sync.record_customer_change() SET search_path = pg_catalog, pg_temp;

SELECT sync.register_table('audit_log', 'insert_only', 'owner', NULL, 'agent_id');
-- Admins read every entry; supervisors their team's and their own; agents their own.
DROP POLICY sync_read ON public.audit_log;
CREATE POLICY sync_read ON public.audit_log FOR SELECT USING (
    (SELECT sync.my_role()) = 'admin' OR agent_id = (SELECT sync.my_agent_id())
    OR agent_id = ANY ((SELECT sync.my_team_agent_ids())::text[]));
UPDATE sync.synced_tables SET visible =
    '((SELECT sync.my_role()) = ''admin'' OR x.agent_id = (SELECT sync.my_agent_id()) '
    'OR x.agent_id = ANY ((SELECT sync.my_team_agent_ids())::text[]))'
WHERE name = 'audit_log';

SELECT sync.secure_table(name) FROM sync.synced_tables WHERE name <> 'audit_log';
