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

-- The feed is read as before (step 2, now sync.pull_feed); sync.pull first tells a cursor older
-- than the purge horizon to resync instead of reading on.
ALTER FUNCTION sync.pull(text, text, bigint, integer) RENAME TO pull_feed;
CREATE FUNCTION sync.pull(generation text, after_xid text, after_seq bigint, page_size integer)
RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE
    server_generation text := (SELECT value FROM sync.server_info WHERE key = 'generation');
BEGIN
    IF (coalesce(generation, '') = '' OR generation = server_generation)
       AND (coalesce(nullif(after_xid, ''), '0')::xid8, coalesce(after_seq, 0))
           < ((SELECT value FROM sync.server_info WHERE key = 'purged_xid')::xid8,
              (SELECT value FROM sync.server_info WHERE key = 'purged_seq')::bigint) THEN
        RETURN json_build_object('generation', server_generation, 'resync', true);
    END IF;
    RETURN sync.pull_feed(generation, after_xid, after_seq, page_size);
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

-- Tables registered from now on get the hint too: register_table as before (step 1, now
-- sync.register_table_rows), then the notification trigger.
ALTER FUNCTION sync.register_table(text, text, text, text, text) RENAME TO register_table_rows;
CREATE FUNCTION sync.register_table(table_name text, policy text, scope text,
                                    parent_column text DEFAULT NULL,
                                    owner_column text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM sync.register_table_rows(table_name, policy, scope, parent_column, owner_column);
    EXECUTE format('CREATE TRIGGER z_notify_change AFTER INSERT OR UPDATE ON public.%I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION sync.notify_change()', table_name);
END
$$;

GRANT EXECUTE ON FUNCTION sync.pull(text, text, bigint, integer) TO leadline_client;
GRANT EXECUTE ON FUNCTION sync.snapshot_start() TO leadline_client;
GRANT EXECUTE ON FUNCTION sync.snapshot(anyelement, text, integer, boolean) TO leadline_client;
