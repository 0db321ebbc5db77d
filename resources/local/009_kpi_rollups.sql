-- Leadline local cache, schema step 9: rollups and indexes for the team KPIs (§2.6, §6, §7).
-- Local only, never synced: triggers keep them equal to the rows they sum, whether the rows were
-- written here or applied by sync. Two rollups with the same sums:
--   kpi_days    per agent and local day of one fixed UTC offset (kpi_day_offset, UTC+8 unless
--               KpiRollups moves it): a year of a team is one row per agent and working day.
--   kpi_hours   per agent and whole UTC hour, for teams in other zones: a local day of any zone
--               with a whole-hour offset (daylight saving included) is a sum of hours.
-- The KPI engine reads the calls themselves for the rare zones with a half-hour offset.
-- Bulk loads may pause the triggers with the sync_state key kpi_rollups_paused and rebuild the
-- rollups in one pass afterwards (KpiRollups).

-- The UTC offset whose local days kpi_days counts (ms); day = (t + offset_ms) / 86400000, the
-- days since 1970-01-01 in that offset.
CREATE TABLE kpi_day_offset (
    offset_ms INTEGER NOT NULL
);
INSERT INTO kpi_day_offset (offset_ms) VALUES (28800000);

-- The sums, per agent (agent_id '' for a call without an agent) and bucket:
--   dials         calls started in the bucket
--   connects      of those, calls whose disposition counts as a connect
--   talk_s        duration_s of the connects
--   effective_s   duration_s of the connects lasting 60 s or more
--   call_ms       ended_at - started_at of every call (the call part of the handle time)
--   *_ms          time in each agent state, in the bucket the span started. A span runs from a
--                 state's time to the agent's next state; the last one is still open and not
--                 counted. A span longer than four hours means the application was closed (there
--                 is no log-out state): it counts as offline.

CREATE TABLE kpi_days (
    agent_id TEXT NOT NULL,
    day INTEGER NOT NULL,
    dials INTEGER NOT NULL DEFAULT 0,
    connects INTEGER NOT NULL DEFAULT 0,
    talk_s INTEGER NOT NULL DEFAULT 0,
    effective_s INTEGER NOT NULL DEFAULT 0,
    call_ms INTEGER NOT NULL DEFAULT 0,
    ready_ms INTEGER NOT NULL DEFAULT 0,
    not_ready_ms INTEGER NOT NULL DEFAULT 0,
    on_call_ms INTEGER NOT NULL DEFAULT 0,
    wrap_up_ms INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, day)
) WITHOUT ROWID;

CREATE TABLE kpi_hours (
    agent_id TEXT NOT NULL,
    hour INTEGER NOT NULL,
    dials INTEGER NOT NULL DEFAULT 0,
    connects INTEGER NOT NULL DEFAULT 0,
    talk_s INTEGER NOT NULL DEFAULT 0,
    effective_s INTEGER NOT NULL DEFAULT 0,
    call_ms INTEGER NOT NULL DEFAULT 0,
    ready_ms INTEGER NOT NULL DEFAULT 0,
    not_ready_ms INTEGER NOT NULL DEFAULT 0,
    on_call_ms INTEGER NOT NULL DEFAULT 0,
    wrap_up_ms INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, hour)
) WITHOUT ROWID;

-- The same sums computed from scratch: what KpiRollups rebuilds from and tests compare with.
CREATE VIEW kpi_days_recomputed AS
SELECT agent_id, day, sum(dials) AS dials, sum(connects) AS connects, sum(talk_s) AS talk_s,
       sum(effective_s) AS effective_s, sum(call_ms) AS call_ms, sum(ready_ms) AS ready_ms,
       sum(not_ready_ms) AS not_ready_ms, sum(on_call_ms) AS on_call_ms,
       sum(wrap_up_ms) AS wrap_up_ms
  FROM (SELECT COALESCE(c.agent_id, '') AS agent_id, (c.started_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000 AS day,
               1 AS dials, COALESCE(d.is_connect <> 0, 0) AS connects,
               COALESCE(d.is_connect <> 0, 0) * c.duration_s AS talk_s,
               COALESCE(d.is_connect <> 0, 0)
                   * CASE WHEN c.duration_s >= 60 THEN c.duration_s ELSE 0 END AS effective_s,
               COALESCE(c.ended_at - c.started_at, 0) AS call_ms,
               0 AS ready_ms, 0 AS not_ready_ms, 0 AS on_call_ms, 0 AS wrap_up_ms
          FROM calls c LEFT JOIN dispositions d ON d.id = c.disposition_id
         WHERE c.deleted = 0
        UNION ALL
        SELECT agent_id, (at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000, 0, 0, 0, 0, 0,
               CASE WHEN state = 'Ready' THEN ms ELSE 0 END,
               CASE WHEN state = 'NotReady' THEN ms ELSE 0 END,
               CASE WHEN state = 'OnCall' THEN ms ELSE 0 END,
               CASE WHEN state = 'WrapUp' THEN ms ELSE 0 END
          FROM (SELECT agent_id, state, at,
                       CASE WHEN next_at - at <= 14400000 THEN next_at - at ELSE 0 END AS ms
                  FROM (SELECT agent_id, state, at,
                               lead(at) OVER (PARTITION BY agent_id ORDER BY at, id) AS next_at
                          FROM agent_states WHERE deleted = 0)
                 WHERE next_at IS NOT NULL))
 GROUP BY agent_id, day;

CREATE VIEW kpi_hours_recomputed AS
SELECT agent_id, hour, sum(dials) AS dials, sum(connects) AS connects, sum(talk_s) AS talk_s,
       sum(effective_s) AS effective_s, sum(call_ms) AS call_ms, sum(ready_ms) AS ready_ms,
       sum(not_ready_ms) AS not_ready_ms, sum(on_call_ms) AS on_call_ms,
       sum(wrap_up_ms) AS wrap_up_ms
  FROM (SELECT COALESCE(c.agent_id, '') AS agent_id, c.started_at - c.started_at % 3600000 AS hour,
               1 AS dials, COALESCE(d.is_connect <> 0, 0) AS connects,
               COALESCE(d.is_connect <> 0, 0) * c.duration_s AS talk_s,
               COALESCE(d.is_connect <> 0, 0)
                   * CASE WHEN c.duration_s >= 60 THEN c.duration_s ELSE 0 END AS effective_s,
               COALESCE(c.ended_at - c.started_at, 0) AS call_ms,
               0 AS ready_ms, 0 AS not_ready_ms, 0 AS on_call_ms, 0 AS wrap_up_ms
          FROM calls c LEFT JOIN dispositions d ON d.id = c.disposition_id
         WHERE c.deleted = 0
        UNION ALL
        SELECT agent_id, at - at % 3600000, 0, 0, 0, 0, 0,
               CASE WHEN state = 'Ready' THEN ms ELSE 0 END,
               CASE WHEN state = 'NotReady' THEN ms ELSE 0 END,
               CASE WHEN state = 'OnCall' THEN ms ELSE 0 END,
               CASE WHEN state = 'WrapUp' THEN ms ELSE 0 END
          FROM (SELECT agent_id, state, at,
                       CASE WHEN next_at - at <= 14400000 THEN next_at - at ELSE 0 END AS ms
                  FROM (SELECT agent_id, state, at,
                               lead(at) OVER (PARTITION BY agent_id ORDER BY at, id) AS next_at
                          FROM agent_states WHERE deleted = 0)
                 WHERE next_at IS NOT NULL))
 GROUP BY agent_id, hour;

-- Calls -------------------------------------------------------------------------------------

CREATE TRIGGER kpi_calls_insert AFTER INSERT ON calls
WHEN new.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_hours (agent_id, hour, dials, connects, talk_s, effective_s, call_ms)
    VALUES (COALESCE(new.agent_id, ''), new.started_at - new.started_at % 3600000,
           1, COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0),
           COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0) * new.duration_s,
           COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0) * CASE WHEN new.duration_s >= 60 THEN new.duration_s ELSE 0 END,
           COALESCE(new.ended_at - new.started_at, 0))
    ON CONFLICT (agent_id, hour) DO UPDATE SET
        dials = dials + excluded.dials, connects = connects + excluded.connects,
        talk_s = talk_s + excluded.talk_s, effective_s = effective_s + excluded.effective_s,
        call_ms = call_ms + excluded.call_ms;
    INSERT INTO kpi_days (agent_id, day, dials, connects, talk_s, effective_s, call_ms)
    VALUES (COALESCE(new.agent_id, ''), (new.started_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000,
           1, COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0),
           COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0) * new.duration_s,
           COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0) * CASE WHEN new.duration_s >= 60 THEN new.duration_s ELSE 0 END,
           COALESCE(new.ended_at - new.started_at, 0))
    ON CONFLICT (agent_id, day) DO UPDATE SET
        dials = dials + excluded.dials, connects = connects + excluded.connects,
        talk_s = talk_s + excluded.talk_s, effective_s = effective_s + excluded.effective_s,
        call_ms = call_ms + excluded.call_ms;
END;

CREATE TRIGGER kpi_calls_delete AFTER DELETE ON calls
WHEN old.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_hours (agent_id, hour, dials, connects, talk_s, effective_s, call_ms)
    VALUES (COALESCE(old.agent_id, ''), old.started_at - old.started_at % 3600000,
           -1, -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0),
           -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0) * old.duration_s,
           -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0) * CASE WHEN old.duration_s >= 60 THEN old.duration_s ELSE 0 END,
           -COALESCE(old.ended_at - old.started_at, 0))
    ON CONFLICT (agent_id, hour) DO UPDATE SET
        dials = dials + excluded.dials, connects = connects + excluded.connects,
        talk_s = talk_s + excluded.talk_s, effective_s = effective_s + excluded.effective_s,
        call_ms = call_ms + excluded.call_ms;
    INSERT INTO kpi_days (agent_id, day, dials, connects, talk_s, effective_s, call_ms)
    VALUES (COALESCE(old.agent_id, ''), (old.started_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000,
           -1, -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0),
           -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0) * old.duration_s,
           -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0) * CASE WHEN old.duration_s >= 60 THEN old.duration_s ELSE 0 END,
           -COALESCE(old.ended_at - old.started_at, 0))
    ON CONFLICT (agent_id, day) DO UPDATE SET
        dials = dials + excluded.dials, connects = connects + excluded.connects,
        talk_s = talk_s + excluded.talk_s, effective_s = effective_s + excluded.effective_s,
        call_ms = call_ms + excluded.call_ms;
END;

-- An edit (a correction, a tombstone, a disposition changed) takes the old row out and puts the
-- new one in.
CREATE TRIGGER kpi_calls_update
AFTER UPDATE OF agent_id, started_at, ended_at, duration_s, disposition_id, deleted ON calls
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_hours (agent_id, hour, dials, connects, talk_s, effective_s, call_ms)
    SELECT COALESCE(old.agent_id, ''), old.started_at - old.started_at % 3600000,
           -1, -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0),
           -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0) * old.duration_s,
           -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0) * CASE WHEN old.duration_s >= 60 THEN old.duration_s ELSE 0 END,
           -COALESCE(old.ended_at - old.started_at, 0)
     WHERE old.deleted = 0
    ON CONFLICT (agent_id, hour) DO UPDATE SET
        dials = dials + excluded.dials, connects = connects + excluded.connects,
        talk_s = talk_s + excluded.talk_s, effective_s = effective_s + excluded.effective_s,
        call_ms = call_ms + excluded.call_ms;
    INSERT INTO kpi_days (agent_id, day, dials, connects, talk_s, effective_s, call_ms)
    SELECT COALESCE(old.agent_id, ''), (old.started_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000,
           -1, -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0),
           -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0) * old.duration_s,
           -COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = old.disposition_id), 0) * CASE WHEN old.duration_s >= 60 THEN old.duration_s ELSE 0 END,
           -COALESCE(old.ended_at - old.started_at, 0)
     WHERE old.deleted = 0
    ON CONFLICT (agent_id, day) DO UPDATE SET
        dials = dials + excluded.dials, connects = connects + excluded.connects,
        talk_s = talk_s + excluded.talk_s, effective_s = effective_s + excluded.effective_s,
        call_ms = call_ms + excluded.call_ms;
    INSERT INTO kpi_hours (agent_id, hour, dials, connects, talk_s, effective_s, call_ms)
    SELECT COALESCE(new.agent_id, ''), new.started_at - new.started_at % 3600000,
           1, COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0),
           COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0) * new.duration_s,
           COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0) * CASE WHEN new.duration_s >= 60 THEN new.duration_s ELSE 0 END,
           COALESCE(new.ended_at - new.started_at, 0)
     WHERE new.deleted = 0
    ON CONFLICT (agent_id, hour) DO UPDATE SET
        dials = dials + excluded.dials, connects = connects + excluded.connects,
        talk_s = talk_s + excluded.talk_s, effective_s = effective_s + excluded.effective_s,
        call_ms = call_ms + excluded.call_ms;
    INSERT INTO kpi_days (agent_id, day, dials, connects, talk_s, effective_s, call_ms)
    SELECT COALESCE(new.agent_id, ''), (new.started_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000,
           1, COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0),
           COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0) * new.duration_s,
           COALESCE((SELECT is_connect <> 0 FROM dispositions WHERE id = new.disposition_id), 0) * CASE WHEN new.duration_s >= 60 THEN new.duration_s ELSE 0 END,
           COALESCE(new.ended_at - new.started_at, 0)
     WHERE new.deleted = 0
    ON CONFLICT (agent_id, day) DO UPDATE SET
        dials = dials + excluded.dials, connects = connects + excluded.connects,
        talk_s = talk_s + excluded.talk_s, effective_s = effective_s + excluded.effective_s,
        call_ms = call_ms + excluded.call_ms;
END;

-- A disposition whose connect flag changes (or that arrives after its calls, by sync) adds its
-- calls to the connects or takes them out (sign +1 or -1). Rare, and a scan of its calls.
CREATE TABLE kpi_connect_moves (
    disposition_id TEXT NOT NULL,
    sign INTEGER NOT NULL
);

CREATE TRIGGER kpi_connect_move AFTER INSERT ON kpi_connect_moves
BEGIN
    INSERT INTO kpi_hours (agent_id, hour, connects, talk_s, effective_s)
    SELECT COALESCE(agent_id, ''), started_at - started_at % 3600000, new.sign * count(*),
           new.sign * sum(duration_s),
           new.sign * sum(CASE WHEN duration_s >= 60 THEN duration_s ELSE 0 END)
      FROM calls WHERE disposition_id = new.disposition_id AND deleted = 0
     GROUP BY 1, 2
    ON CONFLICT (agent_id, hour) DO UPDATE SET
        connects = connects + excluded.connects, talk_s = talk_s + excluded.talk_s,
        effective_s = effective_s + excluded.effective_s;
    INSERT INTO kpi_days (agent_id, day, connects, talk_s, effective_s)
    SELECT COALESCE(agent_id, ''), (started_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000, new.sign * count(*),
           new.sign * sum(duration_s),
           new.sign * sum(CASE WHEN duration_s >= 60 THEN duration_s ELSE 0 END)
      FROM calls WHERE disposition_id = new.disposition_id AND deleted = 0
     GROUP BY 1, 2
    ON CONFLICT (agent_id, day) DO UPDATE SET
        connects = connects + excluded.connects, talk_s = talk_s + excluded.talk_s,
        effective_s = effective_s + excluded.effective_s;
    DELETE FROM kpi_connect_moves;
END;

CREATE TRIGGER kpi_dispositions_insert AFTER INSERT ON dispositions
WHEN new.is_connect <> 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_connect_moves VALUES (new.id, 1);
END;

CREATE TRIGGER kpi_dispositions_update AFTER UPDATE OF is_connect ON dispositions
WHEN (old.is_connect <> 0) <> (new.is_connect <> 0) AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_connect_moves VALUES (new.id, CASE WHEN new.is_connect <> 0 THEN 1 ELSE -1 END);
END;

CREATE TRIGGER kpi_dispositions_delete AFTER DELETE ON dispositions
WHEN old.is_connect <> 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'kpi_rollups_paused')
BEGIN
    INSERT INTO kpi_connect_moves VALUES (old.id, -1);
END;

-- Agent states ------------------------------------------------------------------------------
-- A state r of an agent splits the span of the live state before it (p) at r.at: p's span used
-- to end at the next live state (n) and now ends at r; r's span ends at n. Taking r out joins
-- them again. Spans are ordered by (at, id); kpi_state_span holds one adjustment to apply.

CREATE TABLE kpi_state_span (
    agent_id TEXT NOT NULL,
    state TEXT NOT NULL,
    from_at INTEGER NOT NULL,
    to_at INTEGER NOT NULL,
    sign INTEGER NOT NULL
);

CREATE TRIGGER kpi_state_span_apply AFTER INSERT ON kpi_state_span
BEGIN
    INSERT INTO kpi_hours (agent_id, hour, ready_ms, not_ready_ms, on_call_ms, wrap_up_ms)
    SELECT new.agent_id, new.from_at - new.from_at % 3600000,
           CASE WHEN new.state = 'Ready' THEN ms ELSE 0 END,
           CASE WHEN new.state = 'NotReady' THEN ms ELSE 0 END,
           CASE WHEN new.state = 'OnCall' THEN ms ELSE 0 END,
           CASE WHEN new.state = 'WrapUp' THEN ms ELSE 0 END
      FROM (SELECT new.sign * CASE WHEN new.to_at - new.from_at <= 14400000
                                   THEN new.to_at - new.from_at ELSE 0 END AS ms)
     WHERE true
    ON CONFLICT (agent_id, hour) DO UPDATE SET
        ready_ms = ready_ms + excluded.ready_ms, not_ready_ms = not_ready_ms + excluded.not_ready_ms,
        on_call_ms = on_call_ms + excluded.on_call_ms, wrap_up_ms = wrap_up_ms + excluded.wrap_up_ms;
    INSERT INTO kpi_days (agent_id, day, ready_ms, not_ready_ms, on_call_ms, wrap_up_ms)
    SELECT new.agent_id, (new.from_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000,
           CASE WHEN new.state = 'Ready' THEN ms ELSE 0 END,
           CASE WHEN new.state = 'NotReady' THEN ms ELSE 0 END,
           CASE WHEN new.state = 'OnCall' THEN ms ELSE 0 END,
           CASE WHEN new.state = 'WrapUp' THEN ms ELSE 0 END
      FROM (SELECT new.sign * CASE WHEN new.to_at - new.from_at <= 14400000
                                   THEN new.to_at - new.from_at ELSE 0 END AS ms)
     WHERE true
    ON CONFLICT (agent_id, day) DO UPDATE SET
        ready_ms = ready_ms + excluded.ready_ms, not_ready_ms = not_ready_ms + excluded.not_ready_ms,
        on_call_ms = on_call_ms + excluded.on_call_ms, wrap_up_ms = wrap_up_ms + excluded.wrap_up_ms;
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
-- The columns of the partial-index condition are repeated so that SQLite reads the index alone.
CREATE INDEX customers_owner_created ON customers(owner_id, created_at, source, deleted)
    WHERE deleted = 0;
-- Stage changes made by an agent, by stage (conversions, funnel, stage conversion).
CREATE INDEX stage_changes_agent_stage
    ON stage_changes(agent_id, to_value, at, customer_id, kind, deleted)
    WHERE kind = 'stage' AND deleted = 0;
-- Callbacks by agent and due time, with when they were completed (callbacks kept on time).
CREATE INDEX todos_callbacks ON todos(agent_id, due_at, completed_at, kind, deleted)
    WHERE kind = 'callback' AND deleted = 0;
-- Open todos by agent and due time, read alone (todos overdue).
CREATE INDEX todos_open_due ON todos(agent_id, due_at, completed_at, deleted)
    WHERE completed_at IS NULL AND deleted = 0;

-- A workspace upgraded to this step starts with its rollups complete.
INSERT INTO kpi_days (agent_id, day, dials, connects, talk_s, effective_s, call_ms, ready_ms, not_ready_ms, on_call_ms, wrap_up_ms)
SELECT agent_id, day, dials, connects, talk_s, effective_s, call_ms, ready_ms, not_ready_ms, on_call_ms, wrap_up_ms FROM kpi_days_recomputed;
INSERT INTO kpi_hours (agent_id, hour, dials, connects, talk_s, effective_s, call_ms, ready_ms, not_ready_ms, on_call_ms, wrap_up_ms)
SELECT agent_id, hour, dials, connects, talk_s, effective_s, call_ms, ready_ms, not_ready_ms, on_call_ms, wrap_up_ms FROM kpi_hours_recomputed;
