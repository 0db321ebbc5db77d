-- Leadline server, schema step 9: users managed by administrators ("leadline user ..."). Each
-- function runs as the schema owner, refuses anyone but an admin (or a PostgreSQL superuser),
-- and records what it did in the audit log.

CREATE FUNCTION sync.require_admin() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT sync.caller_is_admin() THEN
        PERFORM sync.refuse('admin_only', 'Only administrators manage users.');
    END IF;
END
$$;

-- The agent row of a login that is a Leadline user (refuses any other role of the server).
CREATE FUNCTION sync.user_row(user_login text) RETURNS public.agents LANGUAGE plpgsql AS $$
DECLARE
    account public.agents;
BEGIN
    SELECT * INTO account FROM public.agents WHERE login = user_login AND deleted = 0;
    IF account.id IS NULL THEN
        PERFORM sync.refuse('unknown', format('There is no user %s.', user_login));
    END IF;
    RETURN account;
END
$$;

-- Creates or updates a login role of a Leadline user; never touches a role that is not one.
CREATE OR REPLACE FUNCTION sync.create_login(login text, password text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    existing pg_roles;
BEGIN
    IF login !~ '^[a-z][a-z0-9_.-]{1,62}$' OR login LIKE 'pg\_%' OR login = 'leadline_client' THEN
        PERFORM sync.refuse('login', format('The login %s is not allowed.', login));
    END IF;
    IF length(coalesce(password, '')) < 8 THEN
        PERFORM sync.refuse('password', 'The password needs at least 8 characters.');
    END IF;
    SELECT * INTO existing FROM pg_roles WHERE rolname = login;
    IF existing.oid IS NOT NULL AND (existing.rolsuper OR existing.rolcreaterole
                                     OR existing.rolreplication OR existing.rolbypassrls
                                     OR login = current_user
                                     OR NOT pg_has_role(existing.oid, 'leadline_client', 'MEMBER')) THEN
        PERFORM sync.refuse('login', format('The login %s belongs to a server role that is not a '
                                            'Leadline user.', login));
    END IF;
    -- The statement holds the password: an error from it is replaced, so that no message or
    -- context line ever repeats the statement.
    BEGIN
        IF existing.oid IS NOT NULL THEN
            EXECUTE format('ALTER ROLE %I PASSWORD %L', login, password);
        ELSE
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', login, password);
        END IF;
    EXCEPTION WHEN OTHERS THEN
        PERFORM sync.refuse('login', format('The server could not set the login %s up (%s).',
                                            login, SQLSTATE));
    END;
    SET LOCAL client_min_messages = warning;
    EXECUTE format('GRANT leadline_client TO %I', login);
    -- A forgotten open transaction would stall every client's pull: end it (the server also
    -- ends any client transaction holding the feed for 30 s, whatever the role sets).
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = ''30s''', login);
    EXECUTE format('ALTER ROLE %I SET statement_timeout = ''120s''', login);
END
$$;

CREATE FUNCTION sync.team_id_named(team text, now_ms bigint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    found text;
BEGIN
    IF coalesce(trim(team), '') = '' THEN
        RETURN NULL;
    END IF;
    SELECT id INTO found FROM public.teams WHERE name = trim(team) AND deleted = 0;
    IF found IS NULL THEN
        found := gen_random_uuid()::text;
        INSERT INTO public.teams(id, name, updated_at, updated_by)
        VALUES (found, trim(team), now_ms, sync.my_agent_id());
    END IF;
    RETURN found;
END
$$;

-- Adds a user (or updates the one with that login): login role, agent row, team.
CREATE FUNCTION sync.user_add(user_login text, password text, user_role text, team text,
                              display_name text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
    joined text;
    id_of text;
BEGIN
    PERFORM sync.require_admin();
    IF user_role IS NULL OR user_role NOT IN ('agent', 'supervisor', 'admin') THEN
        PERFORM sync.refuse('role', 'The role must be agent, supervisor or admin.');
    END IF;
    IF coalesce(trim(display_name), '') = '' THEN
        PERFORM sync.refuse('name', 'The user needs a name.');
    END IF;
    PERFORM sync.create_login(user_login, password);
    joined := sync.team_id_named(team, now_ms);
    SELECT a.id INTO id_of FROM public.agents a WHERE a.login = user_login;
    IF id_of IS NULL THEN
        id_of := gen_random_uuid()::text;
        INSERT INTO public.agents(id, login, name, role, team_id, updated_at, updated_by)
        VALUES (id_of, user_login, trim(display_name), user_role, joined, now_ms,
                sync.my_agent_id());
    ELSE
        UPDATE public.agents SET name = trim(display_name), role = user_role,
            team_id = coalesce(joined, agents.team_id), active = 1, deleted = 0,
            updated_at = now_ms, updated_by = sync.my_agent_id()
        WHERE agents.id = id_of;
        EXECUTE format('ALTER ROLE %I LOGIN', user_login);
    END IF;
    IF user_role = 'supervisor' AND joined IS NOT NULL THEN
        UPDATE public.teams SET supervisor_id = id_of, updated_at = now_ms,
            updated_by = sync.my_agent_id()
        WHERE teams.id = joined;
    END IF;
    PERFORM sync.audit('user', 'agents', id_of,
                       jsonb_build_object('op', 'add', 'login', user_login, 'role', user_role,
                                          'team', team), '');
    RETURN id_of;
END
$$;

-- Every user, for "leadline user list".
CREATE FUNCTION sync.user_list() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM sync.require_admin();
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'login', a.login, 'name', a.name, 'role', a.role, 'team', t.name,
                'active', a.active = 1, 'agent_id', a.id,
                'can_sign_in', coalesce(r.rolcanlogin, false)) ORDER BY a.login), '[]'::jsonb)
            FROM public.agents a
            LEFT JOIN public.teams t ON t.id = a.team_id
            LEFT JOIN pg_roles r ON r.rolname = a.login
            WHERE a.deleted = 0);
END
$$;

-- Disables (active = false) or enables a user. A disabled user cannot sign in; their open
-- sessions are ended.
CREATE FUNCTION sync.user_set_active(user_login text, enabled boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    account public.agents;
BEGIN
    PERFORM sync.require_admin();
    account := sync.user_row(user_login);
    IF NOT enabled AND user_login = session_user THEN
        PERFORM sync.refuse('self', 'You cannot disable your own account.');
    END IF;
    UPDATE public.agents a SET active = CASE WHEN enabled THEN 1 ELSE 0 END,
        updated_at = (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
        updated_by = sync.my_agent_id()
    WHERE a.id = account.id;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = user_login) THEN
        EXECUTE format('ALTER ROLE %I %s', user_login, CASE WHEN enabled THEN 'LOGIN' ELSE 'NOLOGIN' END);
        IF NOT enabled THEN
            PERFORM pg_terminate_backend(s.pid) FROM pg_stat_activity s
            WHERE s.usename = user_login AND s.pid <> pg_backend_pid();
        END IF;
    END IF;
    PERFORM sync.audit('user', 'agents', account.id,
                       jsonb_build_object('op', CASE WHEN enabled THEN 'enable' ELSE 'disable' END,
                                          'login', user_login), '');
END
$$;

CREATE FUNCTION sync.user_set_role(user_login text, new_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    account public.agents;
    now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
BEGIN
    PERFORM sync.require_admin();
    account := sync.user_row(user_login);
    IF new_role IS NULL OR new_role NOT IN ('agent', 'supervisor', 'admin') THEN
        PERFORM sync.refuse('role', 'The role must be agent, supervisor or admin.');
    END IF;
    IF user_login = session_user AND new_role <> 'admin' THEN
        PERFORM sync.refuse('self', 'You cannot take the administrator role from yourself.');
    END IF;
    UPDATE public.agents SET role = new_role, updated_at = now_ms, updated_by = sync.my_agent_id()
    WHERE id = account.id;
    IF new_role = 'supervisor' AND account.team_id IS NOT NULL THEN
        UPDATE public.teams SET supervisor_id = account.id, updated_at = now_ms,
            updated_by = sync.my_agent_id()
        WHERE id = account.team_id AND supervisor_id IS NULL;
    END IF;
    PERFORM sync.audit('role', 'agents', account.id,
                       jsonb_build_object('login', user_login, 'from', account.role, 'to', new_role), '');
END
$$;

-- Moves a user to another team (created when new). Their customers move between the
-- supervisors' caches through the change feed (see sync.record_team_move).
CREATE FUNCTION sync.user_set_team(user_login text, team text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    account public.agents;
    now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
    new_team text;
BEGIN
    PERFORM sync.require_admin();
    account := sync.user_row(user_login);
    new_team := sync.team_id_named(team, now_ms);
    UPDATE public.agents SET team_id = new_team, updated_at = now_ms, updated_by = sync.my_agent_id()
    WHERE id = account.id;
    IF account.role = 'supervisor' THEN
        UPDATE public.teams SET supervisor_id = NULL, updated_at = now_ms,
            updated_by = sync.my_agent_id()
        WHERE id = account.team_id AND supervisor_id = account.id;
        UPDATE public.teams SET supervisor_id = account.id, updated_at = now_ms,
            updated_by = sync.my_agent_id()
        WHERE id = new_team;
    END IF;
    PERFORM sync.audit('team', 'agents', account.id,
                       jsonb_build_object('login', user_login, 'from', account.team_id,
                                          'to', new_team), '');
END
$$;

CREATE FUNCTION sync.user_set_password(user_login text, password text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    account public.agents;
BEGIN
    PERFORM sync.require_admin();
    account := sync.user_row(user_login);
    PERFORM sync.create_login(user_login, password);
    IF account.active <> 1 THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', user_login);
    END IF;
    PERFORM sync.audit('user', 'agents', account.id,
                       jsonb_build_object('op', 'password', 'login', user_login), '');
END
$$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA sync FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sync.user_add(text, text, text, text, text), sync.user_list(),
    sync.user_set_active(text, boolean), sync.user_set_role(text, text),
    sync.user_set_team(text, text), sync.user_set_password(text, text) TO leadline_client;
