-- ratchet:revision 2b1e4d3c5f6a
-- ratchet:parents 1a0f3c2d4e5b
-- ratchet:message add albums
-- ratchet:created 2026-11-20T09:30:00Z

-- +upgrade
CREATE TABLE albums (
  singer_id bigint NOT NULL,
  album_id bigint NOT NULL,
  album_title text,
  release_date date,
  marketing_budget numeric,
  PRIMARY KEY (singer_id, album_id)
) INTERLEAVE IN PARENT singers ON DELETE CASCADE;

-- Created with its table in one batch: no backfill.
CREATE INDEX albums_by_title ON albums (album_title) INCLUDE (release_date);

-- +downgrade
DROP INDEX albums_by_title;
-- ratchet:data-loss drops albums and all of its rows
DROP TABLE albums;
