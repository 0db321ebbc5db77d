-- The two thresholds an incremental time-rule sweep looked up without an index: a rule reading
-- days_since(updated_at) or days_since(last_todo.completed_at) made every sweep scan the whole
-- customers or to-dos table for the few customers whose timestamp crossed it.
CREATE INDEX IF NOT EXISTS customers_updated ON customers(updated_at);
CREATE INDEX IF NOT EXISTS todos_completed ON todos(completed_at) WHERE completed_at IS NOT NULL;
