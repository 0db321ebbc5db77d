-- Import batches and what undoing each needs; the mapping chosen for each set of headers.
-- Local to the workspace that ran the import (the customers themselves sync as usual).

CREATE TABLE import_batches (
    id TEXT PRIMARY KEY NOT NULL,
    file_name TEXT NOT NULL DEFAULT '',
    tag TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by TEXT,
    imported INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    undone_at INTEGER
);

-- One row per customer the batch created or updated. before_image: the fields an update
-- replaced, as they were; after_image: what the import wrote (compared at undo time to see
-- whether the record was edited since). The "lead imported" rule trigger reads the created rows.
CREATE TABLE import_batch_rows (
    batch_id TEXT NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    row_number INTEGER NOT NULL,
    customer_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('created', 'updated')),
    before_image TEXT NOT NULL DEFAULT '{}',
    after_image TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX import_batch_rows_batch ON import_batch_rows(batch_id);

CREATE TABLE import_mappings (
    header_key TEXT PRIMARY KEY NOT NULL,
    mapping TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
