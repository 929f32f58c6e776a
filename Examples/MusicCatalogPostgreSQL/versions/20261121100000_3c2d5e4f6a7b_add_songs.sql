-- ratchet:revision 3c2d5e4f6a7b
-- ratchet:parents 2b1e4d3c5f6a
-- ratchet:message add songs
-- ratchet:created 2026-11-21T10:00:00Z

-- +upgrade
CREATE TABLE songs (
  singer_id bigint NOT NULL,
  album_id bigint NOT NULL,
  track_id bigint NOT NULL,
  song_name text NOT NULL,
  duration bigint, -- seconds
  CONSTRAINT duration_positive CHECK (duration > 0),
  PRIMARY KEY (singer_id, album_id, track_id)
) INTERLEAVE IN PARENT albums ON DELETE CASCADE;

-- +downgrade
-- ratchet:data-loss drops songs and all of its rows
DROP TABLE songs;
