-- Leadline local cache, schema step 2: customer search at a million customers.
-- Two local-only FTS5 indexes, both keyed by customers.rowid and kept current by triggers, so
-- they can never drift from the rows they index:
--   customer_fts    trigram index over name, company, e-mail, tag names and contacts: any
--                   substring of 3 or more characters, Chinese included ('星河科' finds
--                   '北京星河科技有限公司'). SQLite's trigram returns no rows for 1-2 characters.
--   customer_grams  the 1-2 character path: every single character and every pair of adjacent
--                   characters (letters and digits) as its own token, made by the
--                   leadline_grams() SQL function that LocalStore registers on every
--                   connection. '科技' and '王' are then ordinary token look-ups.
-- Phones need no text index: phones.e164_digits, national and national_rev are B-trees.
-- Bulk loads (demo data, a first sync) may pause the triggers with the sync_state key
-- search_index_paused and rebuild both indexes in one pass afterwards (SearchIndex).

CREATE VIEW customer_search_source AS
SELECT c.rowid AS rid, c.id AS id, c.name AS name, c.company AS company, c.email AS email,
       COALESCE((SELECT group_concat(t.name, ' ')
                   FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
                  WHERE ct.customer_id = c.id AND ct.deleted = 0 AND t.deleted = 0), '') AS tags,
       COALESCE((SELECT group_concat(k.name || ' ' || k.email, ' ')
                   FROM contacts k
                  WHERE k.customer_id = c.id AND k.deleted = 0), '') AS contacts
  FROM customers c
 WHERE c.deleted = 0;

CREATE VIRTUAL TABLE customer_fts USING fts5(
    name, company, email, tags, contacts,
    tokenize = 'trigram');

CREATE VIRTUAL TABLE customer_grams USING fts5(
    name_grams, other_grams,
    tokenize = 'unicode61', detail = 'column');

INSERT INTO customer_fts(rowid, name, company, email, tags, contacts)
SELECT rid, name, company, email, tags, contacts FROM customer_search_source;

INSERT INTO customer_grams(rowid, name_grams, other_grams)
SELECT rid, leadline_grams(name), leadline_grams(company || ' ' || tags || ' ' || contacts)
  FROM customer_search_source;

-- Re-indexing one customer: drop its entries, then index it again if it is not deleted.
CREATE TRIGGER customers_search_insert AFTER INSERT ON customers
WHEN new.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT INTO customer_fts(rowid, name, company, email, tags, contacts)
    SELECT rid, name, company, email, tags, contacts FROM customer_search_source WHERE id = new.id;
    INSERT INTO customer_grams(rowid, name_grams, other_grams)
    SELECT rid, leadline_grams(name), leadline_grams(company || ' ' || tags || ' ' || contacts)
      FROM customer_search_source WHERE id = new.id;
END;

CREATE TRIGGER customers_search_update AFTER UPDATE OF name, company, email, deleted ON customers
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    DELETE FROM customer_fts WHERE rowid = old.rowid;
    DELETE FROM customer_grams WHERE rowid = old.rowid;
    INSERT INTO customer_fts(rowid, name, company, email, tags, contacts)
    SELECT rid, name, company, email, tags, contacts FROM customer_search_source WHERE id = new.id;
    INSERT INTO customer_grams(rowid, name_grams, other_grams)
    SELECT rid, leadline_grams(name), leadline_grams(company || ' ' || tags || ' ' || contacts)
      FROM customer_search_source WHERE id = new.id;
END;

CREATE TRIGGER customers_search_delete AFTER DELETE ON customers
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    DELETE FROM customer_fts WHERE rowid = old.rowid;
    DELETE FROM customer_grams WHERE rowid = old.rowid;
END;

-- Contacts and tags change the indexed text of the customer they belong to. Only the tags and
-- contacts columns change, but FTS5 rewrites a whole row on UPDATE anyway.
CREATE TABLE customer_search_dirty (
    customer_id TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER customer_search_dirty_reindex AFTER INSERT ON customer_search_dirty
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    DELETE FROM customer_fts WHERE rowid = (SELECT rowid FROM customers WHERE id = new.customer_id);
    DELETE FROM customer_grams WHERE rowid = (SELECT rowid FROM customers WHERE id = new.customer_id);
    INSERT INTO customer_fts(rowid, name, company, email, tags, contacts)
    SELECT rid, name, company, email, tags, contacts FROM customer_search_source
     WHERE id = new.customer_id;
    INSERT INTO customer_grams(rowid, name_grams, other_grams)
    SELECT rid, leadline_grams(name), leadline_grams(company || ' ' || tags || ' ' || contacts)
      FROM customer_search_source WHERE id = new.customer_id;
    DELETE FROM customer_search_dirty WHERE customer_id = new.customer_id;
END;

CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (new.customer_id);
END;

CREATE TRIGGER contacts_search_update AFTER UPDATE OF name, email, deleted, customer_id ON contacts
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (old.customer_id);
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (new.customer_id);
END;

CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (old.customer_id);
END;

CREATE TRIGGER customer_tags_search_insert AFTER INSERT ON customer_tags
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (new.customer_id);
END;

CREATE TRIGGER customer_tags_search_update AFTER UPDATE OF deleted, customer_id, tag_id ON customer_tags
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (old.customer_id);
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (new.customer_id);
END;

CREATE TRIGGER customer_tags_search_delete AFTER DELETE ON customer_tags
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id) VALUES (old.customer_id);
END;

CREATE TRIGGER tags_search_update AFTER UPDATE OF name, deleted ON tags
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT OR IGNORE INTO customer_search_dirty(customer_id)
    SELECT customer_id FROM customer_tags WHERE tag_id = new.id;
END;

-- Sorting the list by name and score, ranking exact and prefix name matches, and the duplicate
-- check on e-mail (case-insensitive) all need their own index at a million rows.
CREATE INDEX customers_name ON customers(name);
CREATE INDEX customers_score ON customers(score);
CREATE INDEX customers_source ON customers(source);
CREATE INDEX customers_email_lower ON customers(lower(email)) WHERE email <> '';
CREATE INDEX contacts_email_lower ON contacts(lower(email)) WHERE email <> '';

-- Local only: what a merge changed, so it can be undone while its outbox entries are unsent.
CREATE TABLE merge_undo (
    id TEXT PRIMARY KEY NOT NULL,
    survivor_id TEXT NOT NULL,
    merged_id TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    at INTEGER NOT NULL
);
