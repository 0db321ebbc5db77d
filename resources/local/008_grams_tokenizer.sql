-- The 1-2 character index cuts the text into grams itself, with the leadline_grams tokenizer
-- (SearchTokens, registered on every connection), instead of indexing gram strings that a
-- SQL function built and unicode61 then split again. The same grams, found the same way; the
-- index is built from the raw text, which is about half the work.
DROP TRIGGER customers_search_insert;
DROP TRIGGER customers_search_update;
DROP TRIGGER customer_search_dirty_reindex;
DROP TABLE customer_grams;

CREATE VIRTUAL TABLE customer_grams USING fts5(
    name_grams, other_grams,
    tokenize = 'leadline_grams', detail = 'column');

CREATE TRIGGER customers_search_insert AFTER INSERT ON customers
WHEN new.deleted = 0 AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT INTO customer_fts(rowid, name, company, email, tags, contacts)
    SELECT rid, name, company, email, tags, contacts FROM customer_search_source WHERE id = new.id;
    INSERT INTO customer_grams(rowid, name_grams, other_grams)
    SELECT rid, name, company || ' ' || tags || ' ' || contacts
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
    SELECT rid, name, company || ' ' || tags || ' ' || contacts
      FROM customer_search_source WHERE id = new.id;
END;

CREATE TRIGGER customer_search_dirty_reindex AFTER INSERT ON customer_search_dirty
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    DELETE FROM customer_fts WHERE rowid = (SELECT rowid FROM customers WHERE id = new.customer_id);
    DELETE FROM customer_grams WHERE rowid = (SELECT rowid FROM customers WHERE id = new.customer_id);
    INSERT INTO customer_fts(rowid, name, company, email, tags, contacts)
    SELECT rid, name, company, email, tags, contacts FROM customer_search_source
     WHERE id = new.customer_id;
    INSERT INTO customer_grams(rowid, name_grams, other_grams)
    SELECT rid, name, company || ' ' || tags || ' ' || contacts
      FROM customer_search_source WHERE id = new.customer_id;
    DELETE FROM customer_search_dirty WHERE customer_id = new.customer_id;
END;

-- A paused index is rebuilt whole when the pause ends.
INSERT INTO customer_grams(rowid, name_grams, other_grams)
SELECT rid, name, company || ' ' || tags || ' ' || contacts FROM customer_search_source
 WHERE NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused');
