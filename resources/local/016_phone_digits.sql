-- Any run of digits inside a phone number finds it: the middle digits "5686118" of
-- 156 8611 8797 as well as its start or end. A trigram index over the national digits answers
-- LIKE '%run%' for runs of three or more digits by intersecting the runs' trigrams, then
-- checks each candidate; detail=none keeps it small (digits have only 1,000 trigrams). It reads
-- the numbers from phones itself (external content), so it holds no second copy of them.
CREATE VIRTUAL TABLE phone_digits USING fts5(
    national, content = 'phones', content_rowid = 'rowid',
    tokenize = 'trigram', detail = 'none');

CREATE TRIGGER phones_digits_insert AFTER INSERT ON phones
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT INTO phone_digits(rowid, national) VALUES (new.rowid, new.national);
END;

CREATE TRIGGER phones_digits_delete AFTER DELETE ON phones
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT INTO phone_digits(phone_digits, rowid, national) VALUES ('delete', old.rowid, old.national);
END;

CREATE TRIGGER phones_digits_update AFTER UPDATE OF national ON phones
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT INTO phone_digits(phone_digits, rowid, national) VALUES ('delete', old.rowid, old.national);
    INSERT INTO phone_digits(rowid, national) VALUES (new.rowid, new.national);
END;

-- The numbers already there; a paused index is rebuilt whole when the pause ends.
INSERT INTO phone_digits(phone_digits) VALUES ('rebuild');
