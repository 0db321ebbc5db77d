-- Leadline server, step 11: a change of role changes what a user may see (an agent made
-- supervisor sees his team's customers, a supervisor made agent only his own and the pool, an
-- administrator everything). The rows whose visibility may change are fed again as moved with
-- the user as previous owner, so his client receives what he now sees and drops what he no
-- longer sees, as it does for a team move (see sync.record_team_move).
CREATE FUNCTION sync.record_role_change() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    whole boolean := OLD.role = 'admin' OR NEW.role = 'admin';
    child record;
    ids text[];
BEGIN
    IF OLD.role IS NOT DISTINCT FROM NEW.role THEN
        RETURN NULL;
    END IF;
    -- The customers of others: of the whole company when admin is involved, else of the team.
    SELECT coalesce(array_agg(c.id), '{}') INTO ids FROM public.customers c
    WHERE c.owner_id IS NOT NULL AND c.owner_id <> NEW.id
      AND (whole OR c.owner_id IN (SELECT a.id FROM public.agents a
                                   WHERE NEW.team_id IS NOT NULL AND a.team_id = NEW.team_id));
    INSERT INTO sync.changes(table_name, row_id, moved, previous_owner_id)
    SELECT 'customers', i, true, NEW.id FROM unnest(ids) i;
    FOR child IN SELECT name, parent_column FROM sync.synced_tables WHERE scope = 'child' LOOP
        EXECUTE format('INSERT INTO sync.changes(table_name, row_id, moved, previous_owner_id) '
                       'SELECT %L, x.id, true, $1 FROM public.%I x WHERE x.%I = ANY ($2)',
                       child.name, child.name, child.parent_column)
            USING NEW.id, ids;
    END LOOP;
    -- Rows owned by people (the audit log, agent states): those of the same others.
    FOR child IN SELECT name, owner_column FROM sync.synced_tables WHERE scope = 'owner' LOOP
        EXECUTE format('INSERT INTO sync.changes(table_name, row_id, moved, previous_owner_id) '
                       'SELECT %L, x.id, true, $1 FROM public.%I x JOIN public.agents a '
                       'ON a.id = x.%I WHERE a.id <> $1 AND ($2 OR (a.team_id = $3))',
                       child.name, child.name, child.owner_column)
            USING NEW.id, whole, NEW.team_id;
    END LOOP;
    RETURN NULL;
END
$$;
CREATE TRIGGER z_record_role_change AFTER UPDATE OF role ON public.agents
    FOR EACH ROW EXECUTE FUNCTION sync.record_role_change();
