-- ratchet:revision e5d4a7b6c8d9
-- ratchet:parents c3d2e5f4a6b7
-- ratchet:message singer search and change stream
-- ratchet:created 2026-11-22T14:00:00Z
-- ratchet:branch-labels search

-- +upgrade
ALTER TABLE Singers ADD COLUMN FullName STRING(2048) AS (ARRAY_TO_STRING([FirstName, LastName], ' ')) STORED;
ALTER TABLE Singers ADD COLUMN FullName_Tokens TOKENLIST AS (TOKENIZE_FULLTEXT(FullName)) HIDDEN;
ALTER TABLE Singers ADD COLUMN UpdatedAt TIMESTAMP OPTIONS (allow_commit_timestamp = TRUE);

-- Existing singers get a timestamp before the column becomes NOT NULL.
-- ratchet:partitioned-dml
-- ratchet:lint-ignore dml-with-ddl the backfill has to run between adding the column and making it NOT NULL; a rerun resumes after it
UPDATE Singers SET UpdatedAt = PENDING_COMMIT_TIMESTAMP() WHERE UpdatedAt IS NULL;

-- ratchet:lint-ignore not-null-without-default every writer sets UpdatedAt to PENDING_COMMIT_TIMESTAMP() since the release before this one
ALTER TABLE Singers ALTER COLUMN UpdatedAt TIMESTAMP NOT NULL;
CREATE SEARCH INDEX SingersByName ON Singers(FullName_Tokens);
CREATE CHANGE STREAM CatalogChanges FOR Singers, Albums, Songs OPTIONS (retention_period = '7d');

-- +downgrade
DROP CHANGE STREAM CatalogChanges;
DROP SEARCH INDEX SingersByName;
-- ratchet:data-loss the commit timestamps of every singer
ALTER TABLE Singers DROP COLUMN UpdatedAt;
ALTER TABLE Singers DROP COLUMN FullName_Tokens;
ALTER TABLE Singers DROP COLUMN FullName;
