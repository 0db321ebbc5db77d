-- Leadline workspace, schema step 11: the call on the line, kept on disk from the moment it is
-- dialed until it is logged, so a quit, a crash or a power cut loses neither the call nor the
-- note typed during it. Local only: a draft becomes a synced call when the agent logs it.
CREATE TABLE call_drafts (
    agent_id TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL,
    contact_id TEXT NOT NULL DEFAULT '',
    phone_e164 TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    connected_at INTEGER,
    ended_at INTEGER,
    outcome TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    saved_at INTEGER NOT NULL
);
CREATE INDEX call_drafts_customer ON call_drafts(customer_id);
