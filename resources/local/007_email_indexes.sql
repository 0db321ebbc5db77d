-- E-mail lookups (search, duplicate check) compare lower(email), which the *_email_lower
-- indexes serve; the plain e-mail indexes were never used and only slowed every write.
DROP INDEX IF EXISTS customers_email;
DROP INDEX IF EXISTS contacts_email;
