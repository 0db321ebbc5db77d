-- The incremental time-rule sweep (SPEC §7: 1,000,000 customers in under 2 s). A sweep decides
-- only the customers whose facts changed since the last sweep, those whose time thresholds
-- (days_since(x) >= N, count_calls windows, overdue to-dos…) were crossed meanwhile, and those
-- whose lead score decays meanwhile; everything else would decide exactly as before.

-- Customers whose facts changed: fed by triggers, so local writes, rule actions and rows the sync
-- pulls are all caught. Appended to (duplicates allowed, cheap on every write); a sweep takes the
-- rows up to the highest rowid it saw and deletes those when it finishes. '*' asks for a full
-- sweep (a change that touches many customers at once: a tag or disposition renamed).
CREATE TABLE rule_dirty (
    customer_id TEXT NOT NULL
);

CREATE TRIGGER rule_dirty_customer_insert AFTER INSERT ON customers
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES (new.id);
END;
CREATE TRIGGER rule_dirty_customer_update AFTER UPDATE ON customers
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES (new.id);
END;
CREATE TRIGGER rule_dirty_call_insert AFTER INSERT ON calls
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER rule_dirty_call_update AFTER UPDATE ON calls
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES (new.customer_id);
    INSERT INTO rule_dirty(customer_id) SELECT old.customer_id WHERE old.customer_id <> new.customer_id;
END;
CREATE TRIGGER rule_dirty_call_delete AFTER DELETE ON calls
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES (old.customer_id);
END;
CREATE TRIGGER rule_dirty_todo_insert AFTER INSERT ON todos
WHEN new.customer_id IS NOT NULL
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER rule_dirty_todo_update AFTER UPDATE ON todos
BEGIN
    INSERT INTO rule_dirty(customer_id) SELECT new.customer_id WHERE new.customer_id IS NOT NULL;
    INSERT INTO rule_dirty(customer_id) SELECT old.customer_id
    WHERE old.customer_id IS NOT NULL AND old.customer_id IS NOT new.customer_id;
END;
CREATE TRIGGER rule_dirty_todo_delete AFTER DELETE ON todos
WHEN old.customer_id IS NOT NULL
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES (old.customer_id);
END;
CREATE TRIGGER rule_dirty_tag_link_insert AFTER INSERT ON customer_tags
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES (new.customer_id);
END;
CREATE TRIGGER rule_dirty_tag_link_update AFTER UPDATE ON customer_tags
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES (new.customer_id);
    INSERT INTO rule_dirty(customer_id) SELECT old.customer_id WHERE old.customer_id <> new.customer_id;
END;
CREATE TRIGGER rule_dirty_tag_link_delete AFTER DELETE ON customer_tags
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES (old.customer_id);
END;
CREATE TRIGGER rule_dirty_tag_update AFTER UPDATE OF name, deleted ON tags
WHEN old.name IS NOT new.name OR old.deleted IS NOT new.deleted
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES ('*');
END;
CREATE TRIGGER rule_dirty_tag_delete AFTER DELETE ON tags
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES ('*');
END;
CREATE TRIGGER rule_dirty_disposition_update AFTER UPDATE OF name ON dispositions
WHEN old.name IS NOT new.name
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES ('*');
END;
CREATE TRIGGER rule_dirty_disposition_delete AFTER DELETE ON dispositions
BEGIN
    INSERT INTO rule_dirty(customer_id) VALUES ('*');
END;

-- When each customer's lead score next changes by time alone (its points decay, a call leaves
-- the horizon, the days since the last contact tick over). Only customers whose score will
-- change are listed; the sweep rescoring a customer keeps its row.
CREATE TABLE rule_score_due (
    customer_id TEXT PRIMARY KEY NOT NULL,
    due_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX rule_score_due_at ON rule_score_due(due_at);

-- The range scans that find the customers whose thresholds were crossed.
CREATE INDEX IF NOT EXISTS customers_created ON customers(created_at);
CREATE INDEX IF NOT EXISTS customers_assigned_at ON customers(assigned_at);
CREATE INDEX IF NOT EXISTS calls_started ON calls(started_at);
CREATE INDEX IF NOT EXISTS todos_due ON todos(due_at);
