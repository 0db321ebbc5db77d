-- Leadline local cache, schema step 9: rollups and indexes for the team KPIs (§2.6, §6, §7).
-- Local only, never synced: triggers keep them equal to the rows they sum, whether the rows were
-- written here or applied by sync. Buckets are whole UTC hours (ms since the epoch, floored to
-- the hour), so a day in any time zone with a whole-hour offset is a sum of buckets; the KPI
-- engine reads the calls themselves for the rare zones with a half-hour offset.
-- Bulk loads may pause the triggers with the sync_state key kpi_rollups_paused and rebuild the
-- rollups in one pass afterwards (KpiRollups).

-- Calls per agent, hour and whether the disposition counts as a connect:
--   dials         calls started in the hour
--   talk_s        sum of duration_s
--   effective_s   sum of duration_s of the calls lasting 60 s or more
--   call_ms       sum of ended_at - started_at (the call part of the handle time)
-- agent_id is '' for a call without an agent.
CREATE TABLE kpi_call_hours (
    agent_id TEXT NOT NULL,
    hour INTEGER NOT NULL,
    connect INTEGER NOT NULL,
    dials INTEGER NOT NULL DEFAULT 0,
    talk_s INTEGER NOT NULL DEFAULT 0,
    effective_s INTEGER NOT NULL DEFAULT 0,
    call_ms INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, hour, connect)
) WITHOUT ROWID;

-- Time in each agent state, by the hour the span started. A span runs from a state's time to
-- the agent's next state; the last one is still open and not counted. A span longer than four
-- hours means the application was closed (there is no log-out state): it counts as offline.
CREATE TABLE kpi_state_hours (
    agent_id TEXT NOT NULL,
    hour INTEGER NOT NULL,
    state TEXT NOT NULL,
    ms INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, hour, state)
) WITHOUT ROWID;

-- The same sums computed from scratch: what KpiRollups rebuilds from and tests compare with.
CREATE VIEW kpi_call_hours_recomputed AS
SELECT COALESCE(c.agent_id, '') AS agent_id, c.started_at - c.started_at % 3600000 AS hour,
       COALESCE((SELECT d.is_connect <> 0 FROM dispositions d WHERE d.id = c.disposition_id), 0)
           AS connect,
       count(*) AS dials, sum(c.duration_s) AS talk_s,
       sum(CASE WHEN c.duration_s >= 60 THEN c.duration_s ELSE 0 END) AS effective_s,
       sum(COALESCE(c.ended_at - c.started_at, 0)) AS call_ms
  FROM calls c
 WHERE c.deleted = 0
 GROUP BY 1, 2, 3;

CREATE VIEW kpi_state_hours_recomputed AS
SELECT agent_id, at - at % 3600000 AS hour, state,
       sum(CASE WHEN next_at - at <= 14400000 THEN next_at - at ELSE 0 END) AS ms
  FROM (SELECT agent_id, state, at,
               lead(at) OVER (PARTITION BY agent_id ORDER BY at, id) AS next_at
          FROM agent_states WHERE deleted = 0)
 WHERE next_at IS NOT NULL
 GROUP BY 1, 2, 3;

-- Calls -------------------------------------------------------------------------------------

CREATE TRIGGER kpi_calls_insert AFTER INSERT ON calls
WHEN new.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_call_hours (agent_id, hour, connect, dials, talk_s, effective_s, call_ms)
    VALUES (COALESCE(new.agent_id, ''), new.started_at - new.started_at % 3600000,
            COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0),
            1, new.duration_s, CASE WHEN new.duration_s >= 60 THEN new.duration_s ELSE 0 END,
            COALESCE(new.ended_at - new.started_at, 0))
    ON CONFLICT (agent_id, hour, connect) DO UPDATE SET
        dials = dials + excluded.dials, talk_s = talk_s + excluded.talk_s,
        effective_s = effective_s + excluded.effective_s, call_ms = call_ms + excluded.call_ms;
END;

CREATE TRIGGER kpi_calls_delete AFTER DELETE ON calls
WHEN old.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    UPDATE kpi_call_hours SET
        dials = dials - 1, talk_s = talk_s - old.duration_s,
        effective_s = effective_s - CASE WHEN old.duration_s >= 60 THEN old.duration_s ELSE 0 END,
        call_ms = call_ms - COALESCE(old.ended_at - old.started_at, 0)
     WHERE agent_id = COALESCE(old.agent_id, '') AND hour = old.started_at - old.started_at % 3600000
       AND connect = COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0);
END;

-- An edit (a correction, a tombstone, a disposition changed) takes the old row out and puts the
-- new one in.
CREATE TRIGGER kpi_calls_update
AFTER UPDATE OF agent_id, started_at, ended_at, duration_s, disposition_id, deleted ON calls
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    UPDATE kpi_call_hours SET
        dials = dials - 1, talk_s = talk_s - old.duration_s,
        effective_s = effective_s - CASE WHEN old.duration_s >= 60 THEN old.duration_s ELSE 0 END,
        call_ms = call_ms - COALESCE(old.ended_at - old.started_at, 0)
     WHERE old.deleted = 0
       AND agent_id = COALESCE(old.agent_id, '') AND hour = old.started_at - old.started_at % 3600000
       AND connect = COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0);
    INSERT INTO kpi_call_hours (agent_id, hour, connect, dials, talk_s, effective_s, call_ms)
    SELECT COALESCE(new.agent_id, ''), new.started_at - new.started_at % 3600000,
           COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0),
           1, new.duration_s, CASE WHEN new.duration_s >= 60 THEN new.duration_s ELSE 0 END,
           COALESCE(new.ended_at - new.started_at, 0)
     WHERE new.deleted = 0
    ON CONFLICT (agent_id, hour, connect) DO UPDATE SET
        dials = dials + excluded.dials, talk_s = talk_s + excluded.talk_s,
        effective_s = effective_s + excluded.effective_s, call_ms = call_ms + excluded.call_ms;
END;

-- A disposition whose connect flag changes (or that arrives after its calls, by sync) moves the
-- sums of its calls between connect = 0 and connect = 1. Rare, and a scan of its calls.
CREATE TABLE kpi_connect_moves (
    disposition_id TEXT NOT NULL,
    from_connect INTEGER NOT NULL,
    to_connect INTEGER NOT NULL
);

CREATE TRIGGER kpi_connect_move AFTER INSERT ON kpi_connect_moves
WHEN new.from_connect <> new.to_connect
BEGIN
    INSERT INTO kpi_call_hours (agent_id, hour, connect, dials, talk_s, effective_s, call_ms)
    SELECT agent_id, hour, connect, -dials, -talk_s, -effective_s, -call_ms FROM (
        SELECT COALESCE(agent_id, '') AS agent_id, started_at - started_at % 3600000 AS hour,
               new.from_connect AS connect, count(*) AS dials, sum(duration_s) AS talk_s,
               sum(CASE WHEN duration_s >= 60 THEN duration_s ELSE 0 END) AS effective_s,
               sum(COALESCE(ended_at - started_at, 0)) AS call_ms
          FROM calls WHERE disposition_id = new.disposition_id AND deleted = 0
         GROUP BY 1, 2)
     WHERE true
    ON CONFLICT (agent_id, hour, connect) DO UPDATE SET
        dials = dials + excluded.dials, talk_s = talk_s + excluded.talk_s,
        effective_s = effective_s + excluded.effective_s, call_ms = call_ms + excluded.call_ms;
    INSERT INTO kpi_call_hours (agent_id, hour, connect, dials, talk_s, effective_s, call_ms)
    SELECT COALESCE(agent_id, ''), started_at - started_at % 3600000, new.to_connect, count(*),
           sum(duration_s), sum(CASE WHEN duration_s >= 60 THEN duration_s ELSE 0 END),
           sum(COALESCE(ended_at - started_at, 0))
      FROM calls WHERE disposition_id = new.disposition_id AND deleted = 0
     GROUP BY 1, 2
    ON CONFLICT (agent_id, hour, connect) DO UPDATE SET
        dials = dials + excluded.dials, talk_s = talk_s + excluded.talk_s,
        effective_s = effective_s + excluded.effective_s, call_ms = call_ms + excluded.call_ms;
    DELETE FROM kpi_connect_moves;
END;

CREATE TRIGGER kpi_dispositions_insert AFTER INSERT ON dispositions
WHEN new.is_connect <> 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_connect_moves VALUES (new.id, 0, 1);
END;

CREATE TRIGGER kpi_dispositions_update AFTER UPDATE OF is_connect ON dispositions
WHEN (old.is_connect <> 0) <> (new.is_connect <> 0)
     AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_connect_moves VALUES (new.id, old.is_connect <> 0, new.is_connect <> 0);
END;

CREATE TRIGGER kpi_dispositions_delete AFTER DELETE ON dispositions
WHEN old.is_connect <> 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_connect_moves VALUES (old.id, 1, 0);
END;

-- Agent states ------------------------------------------------------------------------------
-- A state s of agent a splits the span of the live state before it (p) at s.at: p's span used
-- to end at the next live state (n) and now ends at s; s's span ends at n. Taking s out joins
-- them again. Spans are ordered by (at, id); kpi_state_span holds the one adjustment to apply.

CREATE TABLE kpi_state_span (
    agent_id TEXT NOT NULL,
    state TEXT NOT NULL,
    from_at INTEGER NOT NULL,
    to_at INTEGER NOT NULL,
    sign INTEGER NOT NULL
);

CREATE TRIGGER kpi_state_span_apply AFTER INSERT ON kpi_state_span
BEGIN
    INSERT INTO kpi_state_hours (agent_id, hour, state, ms)
    SELECT new.agent_id, new.from_at - new.from_at % 3600000, new.state,
           new.sign * CASE WHEN new.to_at - new.from_at <= 14400000 THEN new.to_at - new.from_at
                           ELSE 0 END
    ON CONFLICT (agent_id, hour, state) DO UPDATE SET ms = ms + excluded.ms;
    DELETE FROM kpi_state_span;
END;

-- Adding a state r: p → n becomes p → r and r → n (p, n: the live states around r by (at, id)).
CREATE TRIGGER kpi_states_insert AFTER INSERT ON agent_states
WHEN new.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_state_span
    SELECT p.agent_id, p.state, p.at, new.at, 1 FROM agent_states p
     WHERE p.id = (SELECT id FROM agent_states WHERE agent_id = new.agent_id AND deleted = 0 AND id <> new.id
                      AND (at < new.at OR (at = new.at AND id < new.id))
                    ORDER BY at DESC, id DESC LIMIT 1);
    INSERT INTO kpi_state_span
    SELECT new.agent_id, new.state, new.at, n.at, 1 FROM agent_states n
     WHERE n.id = (SELECT id FROM agent_states WHERE agent_id = new.agent_id AND deleted = 0 AND id <> new.id
                      AND (at > new.at OR (at = new.at AND id > new.id))
                    ORDER BY at, id LIMIT 1);
    INSERT INTO kpi_state_span
    SELECT p.agent_id, p.state, p.at, n.at, -1 FROM agent_states p, agent_states n
     WHERE p.id = (SELECT id FROM agent_states WHERE agent_id = new.agent_id AND deleted = 0 AND id <> new.id
                      AND (at < new.at OR (at = new.at AND id < new.id))
                    ORDER BY at DESC, id DESC LIMIT 1)
       AND n.id = (SELECT id FROM agent_states WHERE agent_id = new.agent_id AND deleted = 0 AND id <> new.id
                      AND (at > new.at OR (at = new.at AND id > new.id))
                    ORDER BY at, id LIMIT 1);
END;

-- Taking r out (deleted, tombstoned or edited) joins p → r and r → n into p → n again.
CREATE TRIGGER kpi_states_delete AFTER DELETE ON agent_states
WHEN old.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_state_span
    SELECT p.agent_id, p.state, p.at, old.at, -1 FROM agent_states p
     WHERE p.id = (SELECT id FROM agent_states WHERE agent_id = old.agent_id AND deleted = 0 AND id <> old.id
                      AND (at < old.at OR (at = old.at AND id < old.id))
                    ORDER BY at DESC, id DESC LIMIT 1);
    INSERT INTO kpi_state_span
    SELECT old.agent_id, old.state, old.at, n.at, -1 FROM agent_states n
     WHERE n.id = (SELECT id FROM agent_states WHERE agent_id = old.agent_id AND deleted = 0 AND id <> old.id
                      AND (at > old.at OR (at = old.at AND id > old.id))
                    ORDER BY at, id LIMIT 1);
    INSERT INTO kpi_state_span
    SELECT p.agent_id, p.state, p.at, n.at, 1 FROM agent_states p, agent_states n
     WHERE p.id = (SELECT id FROM agent_states WHERE agent_id = old.agent_id AND deleted = 0 AND id <> old.id
                      AND (at < old.at OR (at = old.at AND id < old.id))
                    ORDER BY at DESC, id DESC LIMIT 1)
       AND n.id = (SELECT id FROM agent_states WHERE agent_id = old.agent_id AND deleted = 0 AND id <> old.id
                      AND (at > old.at OR (at = old.at AND id > old.id))
                    ORDER BY at, id LIMIT 1);
END;

CREATE TRIGGER kpi_states_update AFTER UPDATE OF agent_id, state, at, deleted ON agent_states
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_state_span
    SELECT p.agent_id, p.state, p.at, old.at, -1 FROM agent_states p
     WHERE old.deleted = 0 AND p.id = (SELECT id FROM agent_states WHERE agent_id = old.agent_id AND deleted = 0 AND id <> old.id
                      AND (at < old.at OR (at = old.at AND id < old.id))
                    ORDER BY at DESC, id DESC LIMIT 1);
    INSERT INTO kpi_state_span
    SELECT old.agent_id, old.state, old.at, n.at, -1 FROM agent_states n
     WHERE old.deleted = 0 AND n.id = (SELECT id FROM agent_states WHERE agent_id = old.agent_id AND deleted = 0 AND id <> old.id
                      AND (at > old.at OR (at = old.at AND id > old.id))
                    ORDER BY at, id LIMIT 1);
    INSERT INTO kpi_state_span
    SELECT p.agent_id, p.state, p.at, n.at, 1 FROM agent_states p, agent_states n
     WHERE old.deleted = 0 AND p.id = (SELECT id FROM agent_states WHERE agent_id = old.agent_id AND deleted = 0 AND id <> old.id
                      AND (at < old.at OR (at = old.at AND id < old.id))
                    ORDER BY at DESC, id DESC LIMIT 1)
       AND n.id = (SELECT id FROM agent_states WHERE agent_id = old.agent_id AND deleted = 0 AND id <> old.id
                      AND (at > old.at OR (at = old.at AND id > old.id))
                    ORDER BY at, id LIMIT 1);
    INSERT INTO kpi_state_span
    SELECT p.agent_id, p.state, p.at, new.at, 1 FROM agent_states p
     WHERE new.deleted = 0 AND p.id = (SELECT id FROM agent_states WHERE agent_id = new.agent_id AND deleted = 0 AND id <> new.id
                      AND (at < new.at OR (at = new.at AND id < new.id))
                    ORDER BY at DESC, id DESC LIMIT 1);
    INSERT INTO kpi_state_span
    SELECT new.agent_id, new.state, new.at, n.at, 1 FROM agent_states n
     WHERE new.deleted = 0 AND n.id = (SELECT id FROM agent_states WHERE agent_id = new.agent_id AND deleted = 0 AND id <> new.id
                      AND (at > new.at OR (at = new.at AND id > new.id))
                    ORDER BY at, id LIMIT 1);
    INSERT INTO kpi_state_span
    SELECT p.agent_id, p.state, p.at, n.at, -1 FROM agent_states p, agent_states n
     WHERE new.deleted = 0 AND p.id = (SELECT id FROM agent_states WHERE agent_id = new.agent_id AND deleted = 0 AND id <> new.id
                      AND (at < new.at OR (at = new.at AND id < new.id))
                    ORDER BY at DESC, id DESC LIMIT 1)
       AND n.id = (SELECT id FROM agent_states WHERE agent_id = new.agent_id AND deleted = 0 AND id <> new.id
                      AND (at > new.at OR (at = new.at AND id > new.id))
                    ORDER BY at, id LIMIT 1);
END;

-- Indexes the KPI queries read -----------------------------------------------------------------

-- Leads created per owner and day, with their source (lead conversion, conversion by source).
CREATE INDEX customers_owner_created ON customers(owner_id, created_at, source) WHERE deleted = 0;
-- Stage changes made by an agent (conversions, funnel, stage conversion).
CREATE INDEX stage_changes_agent_stage ON stage_changes(agent_id, at, to_value, customer_id)
    WHERE kind = 'stage' AND deleted = 0;
-- Callbacks by agent and due time, with when they were completed (callbacks kept on time).
CREATE INDEX todos_callbacks ON todos(agent_id, due_at, completed_at)
    WHERE kind = 'callback' AND deleted = 0;

-- A workspace upgraded to this step starts with its rollups complete.
INSERT INTO kpi_call_hours (agent_id, hour, connect, dials, talk_s, effective_s, call_ms)
SELECT agent_id, hour, connect, dials, talk_s, effective_s, call_ms FROM kpi_call_hours_recomputed;
INSERT INTO kpi_state_hours (agent_id, hour, state, ms)
SELECT agent_id, hour, state, ms FROM kpi_state_hours_recomputed;
