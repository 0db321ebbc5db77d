-- Leadline local cache, schema step 5: my queue, reminders and the lead pool.

-- Local only: which reminder was shown for which due time. A todo fires once per due_at, so a
-- snoozed or rescheduled todo fires again at its new time, and a restart never repeats one.
CREATE TABLE reminders_fired (
    todo_id TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    fired_at INTEGER NOT NULL,
    missed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (todo_id, due_at)
) WITHOUT ROWID;

-- The open todos of one agent by due time: the queue sections and the reminder scan.
CREATE INDEX todos_queue ON todos(agent_id, due_at) WHERE completed_at IS NULL AND deleted = 0;

-- The lead pool (unowned customers) and the owned leads the return sweep watches.
CREATE INDEX customers_pool ON customers(score DESC, created_at) WHERE owner_id IS NULL AND deleted = 0;
CREATE INDEX customers_assigned ON customers(assigned_at) WHERE owner_id IS NOT NULL AND deleted = 0;

-- Pool events (claims per agent per day count against the claim cap).
CREATE INDEX stage_changes_pool ON stage_changes(to_value, at) WHERE kind = 'pool';
