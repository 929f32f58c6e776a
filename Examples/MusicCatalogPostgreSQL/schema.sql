-- Ratchet's worked example in the PostgreSQL dialect: a music catalog.
-- Singers own albums, which own songs (interleaved); concerts reference venues and singers.
CREATE TABLE singers (
  singer_id bigint PRIMARY KEY,
  first_name varchar(1024),
  last_name varchar(1024),
  -- Searchable full name, maintained by Spanner.
  full_name varchar(2048) GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED,
  full_name_tokens spanner.tokenlist GENERATED ALWAYS AS (spanner.tokenize_fulltext(full_name)) VIRTUAL HIDDEN,
  singer_info bytea,
  updated_at spanner.commit_timestamp NOT NULL
);

CREATE TABLE albums (
  singer_id bigint NOT NULL,
  album_id bigint NOT NULL,
  album_title text,
  release_date date,
  marketing_budget numeric,
  PRIMARY KEY (singer_id, album_id)
) INTERLEAVE IN PARENT singers ON DELETE CASCADE;

CREATE INDEX albums_by_title ON albums (album_title) INCLUDE (release_date);

CREATE TABLE songs (
  singer_id bigint NOT NULL,
  album_id bigint NOT NULL,
  track_id bigint NOT NULL,
  song_name text NOT NULL,
  duration bigint, -- seconds
  CONSTRAINT duration_positive CHECK (duration > 0),
  PRIMARY KEY (singer_id, album_id, track_id)
) INTERLEAVE IN PARENT albums ON DELETE CASCADE;

CREATE TABLE venues (
  venue_id bigint PRIMARY KEY,
  venue_name varchar(100) NOT NULL,
  capacity bigint,
  venue_details jsonb
);

CREATE TABLE concerts (
  concert_id bigint PRIMARY KEY,
  venue_id bigint NOT NULL,
  singer_id bigint NOT NULL,
  concert_date date NOT NULL,
  begin_time timestamptz,
  end_time timestamptz,
  ticket_prices bigint[],
  CONSTRAINT fk_concerts_venues FOREIGN KEY (venue_id) REFERENCES venues (venue_id),
  CONSTRAINT fk_concerts_singers FOREIGN KEY (singer_id) REFERENCES singers (singer_id),
  CONSTRAINT ends_after_it_begins CHECK (end_time > begin_time)
) TTL INTERVAL '3650 days' ON end_time;

CREATE SEARCH INDEX singers_by_name ON singers(full_name_tokens);

CREATE CHANGE STREAM catalog_changes FOR singers, albums, songs WITH (retention_period = '7d');

CREATE VIEW upcoming_concerts SQL SECURITY INVOKER AS SELECT c.concert_id, c.concert_date, v.venue_name, s.full_name FROM concerts AS c JOIN venues AS v ON v.venue_id = c.venue_id JOIN singers AS s ON s.singer_id = c.singer_id WHERE c.concert_date >= CURRENT_DATE;
