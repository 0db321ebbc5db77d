-- Leadline local cache: rollups of the lead and todo side of the team KPIs (§2.6, §6, §7), beside
-- the call rollups of step 9. Local only, never synced; triggers keep them equal to the rows they
-- sum, whether written here or applied by sync, and pause with the call rollups (sync_state key
-- kpi_rollups_paused) for a bulk load that KpiRollups::rebuild sums afterwards. Days are those of
-- kpi_days: (t + kpi_day_offset.offset_ms) / 86400000. The KPI engine reads them when the team's
-- days are those days, and the rows themselves otherwise.
--   kpi_owned         customers (not deleted) per owner ('' for none)
--   kpi_source_days   customers created per owner, day of created_at and source
--   kpi_stage_days    stage changes (kind 'stage', not deleted) per agent, day and stage entered
--   kpi_stage_keys    the same per agent, stage and customer, whatever the day: a customer moved
--                     into a stage more than once by one agent counts once in a period, and these
--                     rows (entries > 1) name the few whose rows must be read to say so
--   kpi_todo_days     per agent and day of due_at: callbacks (kind 'callback', not deleted),
--                     those completed by their due time, and open todos (not completed, not
--                     deleted, any kind)

CREATE TABLE kpi_owned (
    agent_id TEXT PRIMARY KEY NOT NULL,
    owned INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE kpi_source_days (
    agent_id TEXT NOT NULL,
    day INTEGER NOT NULL,
    source TEXT NOT NULL,
    created INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, day, source)
) WITHOUT ROWID;

CREATE TABLE kpi_stage_days (
    agent_id TEXT NOT NULL,
    day INTEGER NOT NULL,
    stage TEXT NOT NULL,
    entries INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, day, stage)
) WITHOUT ROWID;

CREATE TABLE kpi_stage_keys (
    agent_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    entries INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, stage, customer_id)
) WITHOUT ROWID;
CREATE INDEX kpi_stage_repeats ON kpi_stage_keys(agent_id, stage, customer_id, entries)
    WHERE entries > 1;

CREATE TABLE kpi_todo_days (
    agent_id TEXT NOT NULL,
    day INTEGER NOT NULL,
    callbacks_due INTEGER NOT NULL DEFAULT 0,
    callbacks_kept INTEGER NOT NULL DEFAULT 0,
    todos_open INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, day)
) WITHOUT ROWID;

-- The same sums computed from scratch: what KpiRollups rebuilds from and tests compare with.
CREATE VIEW kpi_owned_recomputed AS
SELECT COALESCE(owner_id, '') AS agent_id, count(*) AS owned
  FROM customers WHERE deleted = 0 GROUP BY 1;

CREATE VIEW kpi_source_days_recomputed AS
SELECT COALESCE(owner_id, '') AS agent_id,
       (created_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000 AS day, source,
       count(*) AS created
  FROM customers WHERE deleted = 0 GROUP BY 1, 2, 3;

CREATE VIEW kpi_stage_days_recomputed AS
SELECT COALESCE(agent_id, '') AS agent_id,
       (at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000 AS day, to_value AS stage,
       count(*) AS entries
  FROM stage_changes WHERE kind = 'stage' AND deleted = 0 GROUP BY 1, 2, 3;

CREATE VIEW kpi_stage_keys_recomputed AS
SELECT COALESCE(agent_id, '') AS agent_id, to_value AS stage, customer_id, count(*) AS entries
  FROM stage_changes WHERE kind = 'stage' AND deleted = 0 GROUP BY 1, 2, 3;

CREATE VIEW kpi_todo_days_recomputed AS
SELECT COALESCE(agent_id, '') AS agent_id,
       (due_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000 AS day,
       sum(kind = 'callback') AS callbacks_due,
       sum(kind = 'callback' AND completed_at IS NOT NULL AND completed_at <= due_at) AS callbacks_kept,
       sum(completed_at IS NULL) AS todos_open
  FROM todos WHERE deleted = 0 GROUP BY 1, 2;

-- Customers -------------------------------------------------------------------------------------
-- A row counts (sign 1) or stops counting (sign -1) through kpi_customer_delta.

CREATE TABLE kpi_customer_delta (
    agent_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    source TEXT NOT NULL,
    sign INTEGER NOT NULL
);

CREATE TRIGGER kpi_customer_delta_apply AFTER INSERT ON kpi_customer_delta
BEGIN
    INSERT INTO kpi_owned (agent_id, owned) VALUES (new.agent_id, new.sign)
    ON CONFLICT (agent_id) DO UPDATE SET owned = owned + excluded.owned;
    INSERT INTO kpi_source_days (agent_id, day, source, created)
    VALUES (new.agent_id, (new.created_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000,
            new.source, new.sign)
    ON CONFLICT (agent_id, day, source) DO UPDATE SET created = created + excluded.created;
    DELETE FROM kpi_customer_delta;
END;

CREATE TRIGGER kpi_customers_insert AFTER INSERT ON customers
WHEN new.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_customer_delta VALUES (COALESCE(new.owner_id, ''), new.created_at, new.source, 1);
END;

CREATE TRIGGER kpi_customers_delete AFTER DELETE ON customers
WHEN old.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_customer_delta VALUES (COALESCE(old.owner_id, ''), old.created_at, old.source, -1);
END;

CREATE TRIGGER kpi_customers_update AFTER UPDATE OF owner_id, created_at, source, deleted ON customers
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_customer_delta
    SELECT COALESCE(old.owner_id, ''), old.created_at, old.source, -1 WHERE old.deleted = 0;
    INSERT INTO kpi_customer_delta
    SELECT COALESCE(new.owner_id, ''), new.created_at, new.source, 1 WHERE new.deleted = 0;
END;

-- Stage changes ---------------------------------------------------------------------------------

CREATE TABLE kpi_stage_delta (
    agent_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    sign INTEGER NOT NULL
);

CREATE TRIGGER kpi_stage_delta_apply AFTER INSERT ON kpi_stage_delta
BEGIN
    INSERT INTO kpi_stage_days (agent_id, day, stage, entries)
    VALUES (new.agent_id, (new.at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000,
            new.stage, new.sign)
    ON CONFLICT (agent_id, day, stage) DO UPDATE SET entries = entries + excluded.entries;
    INSERT INTO kpi_stage_keys (agent_id, stage, customer_id, entries)
    VALUES (new.agent_id, new.stage, new.customer_id, new.sign)
    ON CONFLICT (agent_id, stage, customer_id) DO UPDATE SET entries = entries + excluded.entries;
    DELETE FROM kpi_stage_delta;
END;

CREATE TRIGGER kpi_stage_changes_insert AFTER INSERT ON stage_changes
WHEN new.kind = 'stage' AND new.deleted = 0
     AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_stage_delta
    VALUES (COALESCE(new.agent_id, ''), new.to_value, new.customer_id, new.at, 1);
END;

CREATE TRIGGER kpi_stage_changes_delete AFTER DELETE ON stage_changes
WHEN old.kind = 'stage' AND old.deleted = 0
     AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_stage_delta
    VALUES (COALESCE(old.agent_id, ''), old.to_value, old.customer_id, old.at, -1);
END;

CREATE TRIGGER kpi_stage_changes_update
AFTER UPDATE OF agent_id, kind, to_value, customer_id, at, deleted ON stage_changes
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_stage_delta
    SELECT COALESCE(old.agent_id, ''), old.to_value, old.customer_id, old.at, -1
     WHERE old.kind = 'stage' AND old.deleted = 0;
    INSERT INTO kpi_stage_delta
    SELECT COALESCE(new.agent_id, ''), new.to_value, new.customer_id, new.at, 1
     WHERE new.kind = 'stage' AND new.deleted = 0;
END;

-- Todos -----------------------------------------------------------------------------------------

CREATE TABLE kpi_todo_delta (
    agent_id TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    callback INTEGER NOT NULL,
    kept INTEGER NOT NULL,
    open INTEGER NOT NULL,
    sign INTEGER NOT NULL
);

CREATE TRIGGER kpi_todo_delta_apply AFTER INSERT ON kpi_todo_delta
BEGIN
    INSERT INTO kpi_todo_days (agent_id, day, callbacks_due, callbacks_kept, todos_open)
    VALUES (new.agent_id, (new.due_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000,
            new.sign * new.callback, new.sign * new.kept, new.sign * new.open)
    ON CONFLICT (agent_id, day) DO UPDATE SET
        callbacks_due = callbacks_due + excluded.callbacks_due,
        callbacks_kept = callbacks_kept + excluded.callbacks_kept,
        todos_open = todos_open + excluded.todos_open;
    DELETE FROM kpi_todo_delta;
END;

CREATE TRIGGER kpi_todos_insert AFTER INSERT ON todos
WHEN new.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_todo_delta
    VALUES (COALESCE(new.agent_id, ''), new.due_at, new.kind = 'callback',
            new.kind = 'callback' AND new.completed_at IS NOT NULL AND new.completed_at <= new.due_at,
            new.completed_at IS NULL, 1);
END;

CREATE TRIGGER kpi_todos_delete AFTER DELETE ON todos
WHEN old.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_todo_delta
    VALUES (COALESCE(old.agent_id, ''), old.due_at, old.kind = 'callback',
            old.kind = 'callback' AND old.completed_at IS NOT NULL AND old.completed_at <= old.due_at,
            old.completed_at IS NULL, -1);
END;

CREATE TRIGGER kpi_todos_update AFTER UPDATE OF agent_id, kind, due_at, completed_at, deleted ON todos
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_todo_delta
    SELECT COALESCE(old.agent_id, ''), old.due_at, old.kind = 'callback',
           old.kind = 'callback' AND old.completed_at IS NOT NULL AND old.completed_at <= old.due_at,
           old.completed_at IS NULL, -1
     WHERE old.deleted = 0;
    INSERT INTO kpi_todo_delta
    SELECT COALESCE(new.agent_id, ''), new.due_at, new.kind = 'callback',
           new.kind = 'callback' AND new.completed_at IS NOT NULL AND new.completed_at <= new.due_at,
           new.completed_at IS NULL, 1
     WHERE new.deleted = 0;
END;

-- A workspace upgraded to this step starts with its rollups complete.
INSERT INTO kpi_owned SELECT * FROM kpi_owned_recomputed;
INSERT INTO kpi_source_days SELECT * FROM kpi_source_days_recomputed;
INSERT INTO kpi_stage_days SELECT * FROM kpi_stage_days_recomputed;
INSERT INTO kpi_stage_keys SELECT * FROM kpi_stage_keys_recomputed;
INSERT INTO kpi_todo_days SELECT * FROM kpi_todo_days_recomputed;
