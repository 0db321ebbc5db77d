-- Leadline server, schema step 5: the snapshot a new or resyncing client starts from, the
-- offline window (tombstones and the change feed are purged after it), and the "pull now" hint.

-- When each change was recorded, so the feed can be trimmed to the offline window.
ALTER TABLE sync.changes ADD COLUMN at timestamptz NOT NULL DEFAULT now();
CREATE INDEX changes_at ON sync.changes(at);

-- The newest (xid, seq) purged from the feed: a cursor below it has missed changes and resyncs.
INSERT INTO sync.server_info(key, value) VALUES ('purged_xid', '0'), ('purged_seq', '0');

-- Where a snapshot starts: every transaction below the horizon has ended, so its writes are in
-- the snapshot pages read after this call; everything from the horizon on comes from the feed.
CREATE FUNCTION sync.snapshot_start() RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'generation', (SELECT value FROM sync.server_info WHERE key = 'generation'),
        'xid', pg_snapshot_xmin(pg_current_snapshot())::text)
$$;

-- One page of the rows of a synced table the caller may see, in id order after after_id; the
-- tombstones too when asked (a cache that already holds rows needs to learn of their deletion).
-- Called as: SELECT id, name, ... FROM sync.snapshot(NULL::public.customers, '', 5000, false).
CREATE FUNCTION sync.snapshot(kind anyelement, after_id text, page_size integer,
                              with_tombstones boolean)
RETURNS SETOF anyelement LANGUAGE plpgsql STABLE AS $$
DECLARE
    target regclass := pg_typeof(kind)::text::regclass;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM sync.synced_tables t
                   WHERE format('public.%I', t.name)::regclass = target) THEN
        RAISE EXCEPTION '% is not a synced table', target;
    END IF;
    RETURN QUERY EXECUTE format('SELECT * FROM %s x WHERE x.id > $1 AND (x.deleted = 0 OR $3) '
                                'ORDER BY x.id LIMIT $2', target)
        USING coalesce(after_id, ''), page_size, coalesce(with_tombstones, false);
END
$$;

-- The feed tells a cursor older than the purge horizon to resync instead of reading on.
CREATE OR REPLACE FUNCTION sync.pull(generation text, after_xid text, after_seq bigint, page_size integer)
RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE
    server_generation text := (SELECT value FROM sync.server_info WHERE key = 'generation');
    purged_xid xid8 := (SELECT value FROM sync.server_info WHERE key = 'purged_xid')::xid8;
    purged_seq bigint := (SELECT value FROM sync.server_info WHERE key = 'purged_seq')::bigint;
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
    IF (start_xid, coalesce(after_seq, 0)) < (purged_xid, purged_seq) THEN
        RETURN json_build_object('generation', server_generation, 'resync', true);
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

-- Trims the server to the offline window (an administrator's job, e.g. nightly): tombstones
-- older than the window go for good, with every row that refers to them; feed entries and
-- stored push answers older than the window go too, and a client whose cursor is older than
-- what was trimmed resyncs in full. Returns what was removed.
CREATE FUNCTION sync.purge(keep interval) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    cutoff timestamptz := now() - keep;
    cutoff_ms bigint := (extract(epoch FROM now() - keep) * 1000)::bigint;
    newest sync.changes;
    tombstones bigint := 0;
    feed bigint := 0;
    answers bigint := 0;
    added bigint;
    deleted bigint;
    remaining bigint;
    t record;
    fk record;
BEGIN
    IF keep < interval '1 day' THEN
        RAISE EXCEPTION 'the offline window must be at least one day';
    END IF;
    CREATE TEMP TABLE purge_rows (table_name text, id text, PRIMARY KEY (table_name, id))
        ON COMMIT DROP;
    FOR t IN SELECT name FROM sync.synced_tables LOOP
        EXECUTE format('INSERT INTO purge_rows SELECT %L, id FROM public.%I '
                       'WHERE deleted = 1 AND updated_at < $1', t.name, t.name)
            USING cutoff_ms;
    END LOOP;
    -- Rows that refer to a purged row go with it (a contact's phones, a customer's calls).
    LOOP
        added := 0;
        FOR fk IN
            SELECT c.conrelid::regclass AS child, a.attname AS child_column,
                   c.confrelid::regclass AS parent
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
        LOOP
            EXECUTE format('INSERT INTO purge_rows SELECT %L, x.id FROM %s x '
                           'JOIN purge_rows p ON p.table_name = %L AND p.id = x.%I '
                           'ON CONFLICT DO NOTHING',
                           (SELECT relname FROM pg_class WHERE oid = fk.child), fk.child,
                           (SELECT relname FROM pg_class WHERE oid = fk.parent), fk.child_column);
            GET DIAGNOSTICS deleted = ROW_COUNT;
            added := added + deleted;
        END LOOP;
        EXIT WHEN added = 0;
    END LOOP;
    -- Children before parents: retry a table whose rows are still referred to.
    LOOP
        remaining := 0;
        FOR t IN SELECT DISTINCT table_name AS name FROM purge_rows LOOP
            BEGIN
                EXECUTE format('DELETE FROM public.%I x USING purge_rows p '
                               'WHERE p.table_name = %L AND p.id = x.id', t.name, t.name);
                GET DIAGNOSTICS deleted = ROW_COUNT;
                tombstones := tombstones + deleted;
                DELETE FROM purge_rows p WHERE p.table_name = t.name;
            EXCEPTION WHEN foreign_key_violation THEN
                remaining := remaining + 1;
            END;
        END LOOP;
        EXIT WHEN remaining = 0;
    END LOOP;

    SELECT * INTO newest FROM sync.changes c WHERE c.at < cutoff ORDER BY c.xid DESC, c.seq DESC
        LIMIT 1;
    IF FOUND THEN
        DELETE FROM sync.changes c WHERE c.at < cutoff OR (c.xid, c.seq) <= (newest.xid, newest.seq);
        GET DIAGNOSTICS feed = ROW_COUNT;
        UPDATE sync.server_info SET value = newest.xid::text WHERE key = 'purged_xid';
        UPDATE sync.server_info SET value = newest.seq::text WHERE key = 'purged_seq';
    END IF;
    DELETE FROM sync.applied_mutations a WHERE a.applied_at < cutoff;
    GET DIAGNOSTICS answers = ROW_COUNT;
    RETURN jsonb_build_object('tombstones', tombstones, 'feed', feed, 'answers', answers);
END
$$;
REVOKE EXECUTE ON FUNCTION sync.purge(interval) FROM PUBLIC;

-- "Pull now": one notification per statement that changes a synced table. Clients LISTEN on
-- leadline_changes and pull at once instead of waiting for their timer.
CREATE FUNCTION sync.notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('leadline_changes', '');
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT name FROM sync.synced_tables LOOP
        EXECUTE format('CREATE TRIGGER z_notify_change AFTER INSERT OR UPDATE ON public.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION sync.notify_change()', t.name);
    END LOOP;
END
$$;

-- Tables registered from now on get the hint too.
CREATE OR REPLACE FUNCTION sync.register_table(table_name text, policy text, scope text,
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
    EXECUTE format('CREATE TRIGGER z_notify_change AFTER INSERT OR UPDATE ON public.%I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION sync.notify_change()', table_name);

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

GRANT EXECUTE ON FUNCTION sync.snapshot_start() TO leadline_client;
GRANT EXECUTE ON FUNCTION sync.snapshot(anyelement, text, integer, boolean) TO leadline_client;
