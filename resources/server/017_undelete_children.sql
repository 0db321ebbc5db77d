-- Leadline server: a customer brought back from deletion brings its records back to every cache.
-- A workspace whose first sync came after the deletion never received the customer's contacts,
-- phones, tags, calls, notes, stage changes or to-dos (the first sync loads live customers and
-- drops records whose customer it does not have). When `deleted` goes from 1 to 0 (an
-- administrator undoing a deletion or a merge), every record of the customer is fed again with
-- it, as a reassignment does, so each cache that sees the customer again receives them.

CREATE OR REPLACE FUNCTION sync.record_customer_change() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    child record;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.owner_id IS DISTINCT FROM NEW.owner_id THEN
        INSERT INTO sync.changes(table_name, row_id, moved, previous_owner_id, previous_team_id)
        VALUES (TG_TABLE_NAME, NEW.id, true, OLD.owner_id,
                (SELECT a.team_id FROM public.agents a WHERE a.id = OLD.owner_id));
    ELSE
        INSERT INTO sync.changes(table_name, row_id) VALUES (TG_TABLE_NAME, NEW.id);
    END IF;
    -- After the customer's own change, so a cache applies the customer before its records.
    IF TG_OP = 'UPDATE' AND (OLD.owner_id IS DISTINCT FROM NEW.owner_id
                             OR (OLD.deleted = 1 AND NEW.deleted = 0)) THEN
        FOR child IN SELECT name, parent_column FROM sync.synced_tables WHERE scope = 'child' LOOP
            EXECUTE format('INSERT INTO sync.changes(table_name, row_id) '
                           'SELECT %L, id FROM public.%I WHERE %I = $1',
                           child.name, child.name, child.parent_column)
                USING NEW.id;
        END LOOP;
    END IF;
    RETURN NULL;
END
$$;
