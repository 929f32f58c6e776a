-- ratchet:revision b2e1d4c3f5a6
-- ratchet:parents a1f0c3d2e4b5
-- ratchet:message add albums
-- ratchet:created 2026-11-20T09:30:00Z

-- +upgrade
CREATE TABLE Albums (
  SingerId INT64 NOT NULL,
  AlbumId INT64 NOT NULL,
  AlbumTitle STRING(MAX),
  ReleaseDate DATE,
  MarketingBudget NUMERIC,
) PRIMARY KEY(SingerId, AlbumId),
  INTERLEAVE IN PARENT Singers ON DELETE CASCADE;

-- Created with its table in one batch: no backfill.
CREATE INDEX AlbumsByTitle ON Albums(AlbumTitle) STORING (ReleaseDate);

-- +downgrade
DROP INDEX AlbumsByTitle;
-- ratchet:data-loss drops Albums and all of its rows
DROP TABLE Albums;
