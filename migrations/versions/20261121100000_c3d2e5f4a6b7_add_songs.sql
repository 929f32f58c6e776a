-- ratchet:revision c3d2e5f4a6b7
-- ratchet:parents b2e1d4c3f5a6
-- ratchet:message add songs
-- ratchet:created 2026-11-21T10:00:00Z

-- +upgrade
CREATE TABLE Songs (
  SingerId INT64 NOT NULL,
  AlbumId INT64 NOT NULL,
  TrackId INT64 NOT NULL,
  SongName STRING(MAX) NOT NULL,
  Duration INT64, -- seconds
  CONSTRAINT DurationPositive CHECK(Duration > 0),
) PRIMARY KEY(SingerId, AlbumId, TrackId),
  INTERLEAVE IN PARENT Albums ON DELETE CASCADE;

-- +downgrade
-- ratchet:data-loss drops Songs and all of its rows
DROP TABLE Songs;
