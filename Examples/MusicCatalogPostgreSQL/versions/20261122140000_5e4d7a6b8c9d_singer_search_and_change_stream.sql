-- ratchet:revision 5e4d7a6b8c9d
-- ratchet:parents 3c2d5e4f6a7b
-- ratchet:message singer search and change stream
-- ratchet:created 2026-11-22T14:00:00Z
-- ratchet:branch-labels search

-- +upgrade
ALTER TABLE singers ADD COLUMN full_name varchar(2048) GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED;
ALTER TABLE singers ADD COLUMN full_name_tokens spanner.tokenlist GENERATED ALWAYS AS (spanner.tokenize_fulltext(full_name)) VIRTUAL HIDDEN;
ALTER TABLE singers ADD COLUMN updated_at spanner.commit_timestamp;

-- Existing singers get a timestamp before the column becomes NOT NULL.
-- ratchet:partitioned-dml
-- ratchet:lint-ignore dml-with-ddl the backfill has to run between adding the column and making it NOT NULL; a rerun resumes after it
UPDATE singers SET updated_at = spanner.pending_commit_timestamp() WHERE updated_at IS NULL;

-- ratchet:lint-ignore not-null-without-default every writer sets updated_at to spanner.pending_commit_timestamp() since the release before this one
ALTER TABLE singers ALTER COLUMN updated_at SET NOT NULL;
CREATE SEARCH INDEX singers_by_name ON singers(full_name_tokens);
CREATE CHANGE STREAM catalog_changes FOR singers, albums, songs WITH (retention_period = '7d');

-- +downgrade
DROP CHANGE STREAM catalog_changes;
DROP SEARCH INDEX singers_by_name;
-- ratchet:data-loss the commit timestamps of every singer
ALTER TABLE singers DROP COLUMN updated_at;
ALTER TABLE singers DROP COLUMN full_name_tokens;
ALTER TABLE singers DROP COLUMN full_name;
