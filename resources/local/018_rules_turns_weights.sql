-- Round-robin turns. A rule's round-robin assignment records, in its run's actions, the team,
-- the agent chosen and a turn number (one more than the highest turn of that rule and team the
-- client knew). This table indexes those turns out of the runs (synced), so it is the same on
-- every client that holds the same runs: the next turn goes to the team member whose last turn
-- is the oldest (never assigned first, ties by agent id).
CREATE TABLE rule_turns (
    run_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    team TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    turn INTEGER NOT NULL,
    PRIMARY KEY (run_id, team)
) WITHOUT ROWID;
CREATE INDEX rule_turns_agent ON rule_turns(rule_id, team, agent_id, turn);

CREATE TRIGGER rule_runs_turns_insert AFTER INSERT ON rule_runs
WHEN new.decision = 'applied'
BEGIN
    INSERT OR REPLACE INTO rule_turns(run_id, rule_id, team, agent_id, turn)
    SELECT new.id, new.rule_id, json_extract(a.value, '$.params.team'),
           json_extract(a.value, '$.params.owner_id'), json_extract(a.value, '$.params.turn')
    FROM json_each(CASE WHEN json_valid(new.actions) THEN new.actions ELSE '[]' END) a
    WHERE json_extract(a.value, '$.kind') = 'assign'
      AND json_extract(a.value, '$.params.team') IS NOT NULL
      AND json_extract(a.value, '$.params.owner_id') IS NOT NULL
      AND json_extract(a.value, '$.params.turn') IS NOT NULL;
END;

-- A run replaced by the server's copy (another client decided it first) takes that copy's turn.
CREATE TRIGGER rule_runs_turns_update AFTER UPDATE OF decision, actions ON rule_runs
BEGIN
    DELETE FROM rule_turns WHERE run_id = old.id;
    INSERT OR REPLACE INTO rule_turns(run_id, rule_id, team, agent_id, turn)
    SELECT new.id, new.rule_id, json_extract(a.value, '$.params.team'),
           json_extract(a.value, '$.params.owner_id'), json_extract(a.value, '$.params.turn')
    FROM json_each(CASE WHEN json_valid(new.actions) THEN new.actions ELSE '[]' END) a
    WHERE new.decision = 'applied'
      AND json_extract(a.value, '$.kind') = 'assign'
      AND json_extract(a.value, '$.params.team') IS NOT NULL
      AND json_extract(a.value, '$.params.owner_id') IS NOT NULL
      AND json_extract(a.value, '$.params.turn') IS NOT NULL;
END;

CREATE TRIGGER rule_runs_turns_delete AFTER DELETE ON rule_runs
BEGIN
    DELETE FROM rule_turns WHERE run_id = old.id;
END;

-- The lead score's weights, decay and thresholds (ScoreWeights as JSON): one row for the
-- workspace, synced; supervisors and administrators edit it.
CREATE TABLE score_weights (
    id TEXT PRIMARY KEY NOT NULL,
    weights TEXT NOT NULL DEFAULT '{}',
    row_version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
