-- Leadline local cache, schema step 6: knowledge-base search.
-- Like customer search (step 2), two local-only FTS5 indexes keyed by articles.rowid and kept
-- current by triggers, holding only live articles (not deleted, not retired):
--   article_fts    trigram index over title, body and tags: any substring of 3 or more
--                  characters, Chinese or English, case-insensitive.
--   article_grams  the 1-2 character path: every single character and every adjacent pair as
--                  its own token (leadline_grams(), registered by LocalStore on every
--                  connection), since the trigram tokenizer finds nothing for '价格' or '贵'.

CREATE VIRTUAL TABLE article_fts USING fts5(
    title, body, tags,
    tokenize = 'trigram');

CREATE VIRTUAL TABLE article_grams USING fts5(
    title_grams, body_grams, tags_grams,
    tokenize = 'unicode61', detail = 'column');

INSERT INTO article_fts(rowid, title, body, tags)
SELECT rowid, title, body, tags FROM articles WHERE deleted = 0 AND retired = 0;

INSERT INTO article_grams(rowid, title_grams, body_grams, tags_grams)
SELECT rowid, leadline_grams(title), leadline_grams(body), leadline_grams(replace(tags, ',', ' '))
  FROM articles WHERE deleted = 0 AND retired = 0;

CREATE TRIGGER articles_search_insert AFTER INSERT ON articles
WHEN new.deleted = 0 AND new.retired = 0
BEGIN
    INSERT INTO article_fts(rowid, title, body, tags)
    VALUES (new.rowid, new.title, new.body, new.tags);
    INSERT INTO article_grams(rowid, title_grams, body_grams, tags_grams)
    VALUES (new.rowid, leadline_grams(new.title), leadline_grams(new.body),
            leadline_grams(replace(new.tags, ',', ' ')));
END;

CREATE TRIGGER articles_search_update AFTER UPDATE OF title, body, tags, retired, deleted ON articles
BEGIN
    DELETE FROM article_fts WHERE rowid = old.rowid;
    DELETE FROM article_grams WHERE rowid = old.rowid;
    INSERT INTO article_fts(rowid, title, body, tags)
    SELECT new.rowid, new.title, new.body, new.tags WHERE new.deleted = 0 AND new.retired = 0;
    INSERT INTO article_grams(rowid, title_grams, body_grams, tags_grams)
    SELECT new.rowid, leadline_grams(new.title), leadline_grams(new.body),
           leadline_grams(replace(new.tags, ',', ' '))
     WHERE new.deleted = 0 AND new.retired = 0;
END;

CREATE TRIGGER articles_search_delete AFTER DELETE ON articles
BEGIN
    DELETE FROM article_fts WHERE rowid = old.rowid;
    DELETE FROM article_grams WHERE rowid = old.rowid;
END;
