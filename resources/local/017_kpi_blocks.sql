-- Leadline local cache: 16-day blocks of the lead rollups of step 13 (§7: a year of a 50-agent
-- team within the team tab's budget). A report over a long period sums whole blocks and reads
-- the daily rows only for the few days before the first whole block and after the last one:
-- about 40 rows per agent and source for a year instead of 365. A block is day / 16, day as
-- kpi_source_days and kpi_stage_days count it. The same delta triggers keep them, so they follow
-- every write, local or by sync, and KpiRollups rebuilds and checks them with the others.
--   kpi_source_blocks   customers created per owner, block of created_at and source
--   kpi_stage_blocks    stage changes (kind 'stage', not deleted) per agent, block and stage

CREATE TABLE kpi_source_blocks (
    agent_id TEXT NOT NULL,
    source TEXT NOT NULL,
    block INTEGER NOT NULL,
    created INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, block, source)
) WITHOUT ROWID;

CREATE TABLE kpi_stage_blocks (
    agent_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    block INTEGER NOT NULL,
    entries INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (agent_id, block, stage)
) WITHOUT ROWID;

CREATE VIEW kpi_source_blocks_recomputed AS
SELECT agent_id, day / 16 AS block, source, sum(created) AS created
  FROM kpi_source_days_recomputed GROUP BY 1, 2, 3;

CREATE VIEW kpi_stage_blocks_recomputed AS
SELECT agent_id, day / 16 AS block, stage, sum(entries) AS entries
  FROM kpi_stage_days_recomputed GROUP BY 1, 2, 3;

DROP TRIGGER kpi_customer_delta_apply;
CREATE TRIGGER kpi_customer_delta_apply AFTER INSERT ON kpi_customer_delta
BEGIN
    INSERT INTO kpi_owned (agent_id, owned) VALUES (new.agent_id, new.sign)
    ON CONFLICT (agent_id) DO UPDATE SET owned = owned + excluded.owned;
    INSERT INTO kpi_source_days (agent_id, day, source, created)
    VALUES (new.agent_id, (new.created_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000,
            new.source, new.sign)
    ON CONFLICT (agent_id, day, source) DO UPDATE SET created = created + excluded.created;
    INSERT INTO kpi_source_blocks (agent_id, source, block, created)
    VALUES (new.agent_id, new.source,
            (new.created_at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000 / 16, new.sign)
    ON CONFLICT (agent_id, block, source) DO UPDATE SET created = created + excluded.created;
    DELETE FROM kpi_customer_delta;
END;

DROP TRIGGER kpi_stage_delta_apply;
CREATE TRIGGER kpi_stage_delta_apply AFTER INSERT ON kpi_stage_delta
BEGIN
    INSERT INTO kpi_stage_days (agent_id, day, stage, entries)
    VALUES (new.agent_id, (new.at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000,
            new.stage, new.sign)
    ON CONFLICT (agent_id, day, stage) DO UPDATE SET entries = entries + excluded.entries;
    INSERT INTO kpi_stage_blocks (agent_id, stage, block, entries)
    VALUES (new.agent_id, new.stage,
            (new.at + (SELECT offset_ms FROM kpi_day_offset)) / 86400000 / 16, new.sign)
    ON CONFLICT (agent_id, block, stage) DO UPDATE SET entries = entries + excluded.entries;
    INSERT INTO kpi_stage_keys (agent_id, stage, customer_id, entries)
    VALUES (new.agent_id, new.stage, new.customer_id, new.sign)
    ON CONFLICT (agent_id, stage, customer_id) DO UPDATE SET entries = entries + excluded.entries;
    DELETE FROM kpi_stage_delta;
END;

-- A workspace upgraded to this step starts with its blocks complete (from the daily rollups,
-- which hold the same sums).
INSERT INTO kpi_source_blocks (agent_id, source, block, created)
SELECT agent_id, source, day / 16, sum(created) FROM kpi_source_days GROUP BY 1, 2, 3;
INSERT INTO kpi_stage_blocks (agent_id, stage, block, entries)
SELECT agent_id, stage, day / 16, sum(entries) FROM kpi_stage_days GROUP BY 1, 2, 3;
