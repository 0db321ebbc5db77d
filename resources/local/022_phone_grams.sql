-- Any run of four or more digits inside a phone number finds it fast at a million numbers (the
-- middle digits "5686118" of 156 8611 8797 as well as its start or end). The index of step 16 held
-- the numbers' trigrams: digits have only 1,000, so each trigram lists about one number in a
-- hundred and every candidate was checked against its row (50-90 ms at 1,300,000 numbers). This
-- one holds each number's runs of four digits as words (10,000 of them, each listing about one
-- number in a thousand): a run of four is one look-up, a longer run the numbers holding all of its
-- runs of four, checked against the row. Contentless: the runs are computed, never stored twice.
DROP TRIGGER phones_digits_insert;
DROP TRIGGER phones_digits_delete;
DROP TRIGGER phones_digits_update;
DROP TABLE phone_digits;

-- Each number's runs of four digits, as words (national numbers have at most 17 digits).
CREATE VIEW phone_gram_rows AS
    SELECT rowid AS row,
           substr(national, 1, 4) ||
           CASE WHEN length(national) >= 5 THEN ' ' || substr(national, 2, 4) ELSE '' END ||
           CASE WHEN length(national) >= 6 THEN ' ' || substr(national, 3, 4) ELSE '' END ||
           CASE WHEN length(national) >= 7 THEN ' ' || substr(national, 4, 4) ELSE '' END ||
           CASE WHEN length(national) >= 8 THEN ' ' || substr(national, 5, 4) ELSE '' END ||
           CASE WHEN length(national) >= 9 THEN ' ' || substr(national, 6, 4) ELSE '' END ||
           CASE WHEN length(national) >= 10 THEN ' ' || substr(national, 7, 4) ELSE '' END ||
           CASE WHEN length(national) >= 11 THEN ' ' || substr(national, 8, 4) ELSE '' END ||
           CASE WHEN length(national) >= 12 THEN ' ' || substr(national, 9, 4) ELSE '' END ||
           CASE WHEN length(national) >= 13 THEN ' ' || substr(national, 10, 4) ELSE '' END ||
           CASE WHEN length(national) >= 14 THEN ' ' || substr(national, 11, 4) ELSE '' END ||
           CASE WHEN length(national) >= 15 THEN ' ' || substr(national, 12, 4) ELSE '' END ||
           CASE WHEN length(national) >= 16 THEN ' ' || substr(national, 13, 4) ELSE '' END ||
           CASE WHEN length(national) >= 17 THEN ' ' || substr(national, 14, 4) ELSE '' END ||
           CASE WHEN length(national) >= 18 THEN ' ' || substr(national, 15, 4) ELSE '' END ||
           CASE WHEN length(national) >= 19 THEN ' ' || substr(national, 16, 4) ELSE '' END ||
           CASE WHEN length(national) >= 20 THEN ' ' || substr(national, 17, 4) ELSE '' END AS grams
    FROM phones;

CREATE VIRTUAL TABLE phone_grams USING fts5(grams, content = '', columnsize = 0, detail = 'none');

CREATE TRIGGER phones_grams_insert AFTER INSERT ON phones
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT INTO phone_grams(rowid, grams) SELECT row, grams FROM phone_gram_rows WHERE row = new.rowid;
END;

-- A contentless index forgets a row by being told the words it had: read before they change.
CREATE TRIGGER phones_grams_delete BEFORE DELETE ON phones
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT INTO phone_grams(phone_grams, rowid, grams)
        SELECT 'delete', row, grams FROM phone_gram_rows WHERE row = old.rowid;
END;

CREATE TRIGGER phones_grams_update_before BEFORE UPDATE OF national ON phones
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT INTO phone_grams(phone_grams, rowid, grams)
        SELECT 'delete', row, grams FROM phone_gram_rows WHERE row = old.rowid;
END;

CREATE TRIGGER phones_grams_update_after AFTER UPDATE OF national ON phones
WHEN NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'search_index_paused')
BEGIN
    INSERT INTO phone_grams(rowid, grams) SELECT row, grams FROM phone_gram_rows WHERE row = new.rowid;
END;

-- The numbers already there; a paused index is rebuilt whole when the pause ends.
INSERT INTO phone_grams(rowid, grams) SELECT row, grams FROM phone_gram_rows;
