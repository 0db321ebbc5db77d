-- Owned leads nobody has called since they were assigned: the ones the pool watches and returns
-- (§2.3). Kept by triggers, whoever writes (this client, the sync, an import), so the pool's
-- watch list and its return sweep read these few rows instead of probing the calls of every
-- owned customer. The pool still checks each row against customers and calls; a row here only
-- says "look at this customer".
CREATE TABLE pool_watch (
    customer_id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL,
    assigned_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX pool_watch_assigned ON pool_watch(assigned_at);
CREATE INDEX pool_watch_owner ON pool_watch(owner_id, assigned_at);

-- Live calls by customer and start, without reading the call rows.
CREATE INDEX calls_customer_live ON calls(customer_id, started_at) WHERE deleted = 0;

INSERT INTO pool_watch (customer_id, owner_id, assigned_at)
SELECT c.id, c.owner_id, c.assigned_at FROM customers c
WHERE c.owner_id IS NOT NULL AND c.deleted = 0 AND c.assigned_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.customer_id = c.id AND k.deleted = 0
                  AND k.started_at >= c.assigned_at);

CREATE TRIGGER pool_watch_customer_insert AFTER INSERT ON customers
WHEN new.owner_id IS NOT NULL AND new.deleted = 0 AND new.assigned_at IS NOT NULL
BEGIN
    INSERT OR REPLACE INTO pool_watch (customer_id, owner_id, assigned_at)
    SELECT new.id, new.owner_id, new.assigned_at
    WHERE NOT EXISTS (SELECT 1 FROM calls k WHERE k.customer_id = new.id AND k.deleted = 0
                      AND k.started_at >= new.assigned_at);
END;

CREATE TRIGGER pool_watch_customer_update AFTER UPDATE OF owner_id, assigned_at, deleted, id ON customers
BEGIN
    DELETE FROM pool_watch WHERE customer_id = old.id;
    INSERT OR REPLACE INTO pool_watch (customer_id, owner_id, assigned_at)
    SELECT new.id, new.owner_id, new.assigned_at
    WHERE new.owner_id IS NOT NULL AND new.deleted = 0 AND new.assigned_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.customer_id = new.id AND k.deleted = 0
                      AND k.started_at >= new.assigned_at);
END;

CREATE TRIGGER pool_watch_customer_delete AFTER DELETE ON customers
BEGIN
    DELETE FROM pool_watch WHERE customer_id = old.id;
END;

CREATE TRIGGER pool_watch_call_insert AFTER INSERT ON calls
WHEN new.deleted = 0
BEGIN
    DELETE FROM pool_watch WHERE customer_id = new.customer_id AND assigned_at <= new.started_at;
END;

-- A call deleted, moved to another customer or re-timed: both customers are looked at again.
CREATE TRIGGER pool_watch_call_update AFTER UPDATE OF deleted, customer_id, started_at ON calls
BEGIN
    DELETE FROM pool_watch WHERE customer_id = new.customer_id AND new.deleted = 0
                                 AND assigned_at <= new.started_at;
    INSERT OR REPLACE INTO pool_watch (customer_id, owner_id, assigned_at)
    SELECT c.id, c.owner_id, c.assigned_at FROM customers c
    WHERE c.id = old.customer_id AND c.owner_id IS NOT NULL AND c.deleted = 0
      AND c.assigned_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.customer_id = c.id AND k.deleted = 0
                      AND k.started_at >= c.assigned_at);
END;

CREATE TRIGGER pool_watch_call_delete AFTER DELETE ON calls
BEGIN
    INSERT OR REPLACE INTO pool_watch (customer_id, owner_id, assigned_at)
    SELECT c.id, c.owner_id, c.assigned_at FROM customers c
    WHERE c.id = old.customer_id AND c.owner_id IS NOT NULL AND c.deleted = 0
      AND c.assigned_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.customer_id = c.id AND k.deleted = 0
                      AND k.started_at >= c.assigned_at);
END;
