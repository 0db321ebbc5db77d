-- Leadline server: visibility changes reach every cache they touch (§5). A row that changes
-- customer (a contact, call, note or to-do moved, a merge) or owner is fed as moved, with the
-- owner and team it had, so every client that saw it before and does not see it now drops it;
-- a customer's reassignment carries its old owner's team too (the old owner may change team
-- before a supervisor pulls); an agent moving to another team feeds his customer-less to-dos
-- and his own rows (states, audit entries) as well as his customers.

-- The owner and team of what a row belonged to: the customer's owner, or the row's own owner
-- when it has no customer.
CREATE FUNCTION sync.previous_holder(parent text, owner text) RETURNS TABLE(owner_id text, team_id text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT h.o, (SELECT a.team_id FROM public.agents a WHERE a.id = h.o)
    FROM (SELECT CASE WHEN parent IS NULL THEN owner
                      ELSE (SELECT c.owner_id FROM public.customers c WHERE c.id = parent) END AS o) h
$$;
REVOKE EXECUTE ON FUNCTION sync.previous_holder(text, text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION sync.record_change() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    synced sync.synced_tables;
    before jsonb;
    after jsonb;
    holder record;
BEGIN
    SELECT * INTO synced FROM sync.synced_tables WHERE name = TG_TABLE_NAME;
    IF TG_TABLE_SCHEMA <> 'public' OR synced.name IS NULL THEN
        RAISE EXCEPTION 'only synced tables feed the change log';
    END IF;
    IF TG_OP = 'UPDATE' AND synced.scope IN ('child', 'owner') THEN
        before := to_jsonb(OLD);
        after := to_jsonb(NEW);
        IF (synced.parent_column IS NOT NULL
            AND before ->> synced.parent_column IS DISTINCT FROM after ->> synced.parent_column)
           OR (synced.owner_column IS NOT NULL
               AND before ->> synced.owner_column IS DISTINCT FROM after ->> synced.owner_column) THEN
            SELECT * INTO holder FROM sync.previous_holder(
                CASE WHEN synced.parent_column IS NOT NULL THEN before ->> synced.parent_column END,
                CASE WHEN synced.owner_column IS NOT NULL THEN before ->> synced.owner_column END);
            INSERT INTO sync.changes(table_name, row_id, moved, previous_owner_id, previous_team_id)
            VALUES (TG_TABLE_NAME, NEW.id, true, holder.owner_id, holder.team_id);
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO sync.changes(table_name, row_id) VALUES (TG_TABLE_NAME, NEW.id);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION sync.record_customer_change() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    child record;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.owner_id IS DISTINCT FROM NEW.owner_id THEN
        INSERT INTO sync.changes(table_name, row_id, moved, previous_owner_id, previous_team_id)
        VALUES (TG_TABLE_NAME, NEW.id, true, OLD.owner_id,
                (SELECT a.team_id FROM public.agents a WHERE a.id = OLD.owner_id));
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

CREATE OR REPLACE FUNCTION sync.record_team_move() RETURNS trigger LANGUAGE plpgsql
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
    FOR child IN SELECT name, parent_column, owner_column FROM sync.synced_tables
                 WHERE scope = 'child' LOOP
        EXECUTE format('INSERT INTO sync.changes(table_name, row_id) '
                       'SELECT %L, x.id FROM public.%I x JOIN public.customers c '
                       'ON c.id = x.%I WHERE c.owner_id = $1',
                       child.name, child.name, child.parent_column)
            USING NEW.id;
        -- Rows without a customer follow their owner.
        IF child.owner_column IS NOT NULL THEN
            EXECUTE format('INSERT INTO sync.changes(table_name, row_id, moved, previous_owner_id, '
                           'previous_team_id) SELECT %L, x.id, true, $1, $2 FROM public.%I x '
                           'WHERE x.%I IS NULL AND x.%I = $1',
                           child.name, child.name, child.parent_column, child.owner_column)
                USING NEW.id, OLD.team_id;
        END IF;
    END LOOP;
    FOR child IN SELECT name, owner_column FROM sync.synced_tables WHERE scope = 'owner' LOOP
        EXECUTE format('INSERT INTO sync.changes(table_name, row_id, moved, previous_owner_id, '
                       'previous_team_id) SELECT %L, x.id, true, $1, $2 FROM public.%I x '
                       'WHERE x.%I = $1',
                       child.name, child.name, child.owner_column)
            USING NEW.id, OLD.team_id;
    END LOOP;
    RETURN NULL;
END
$$;
