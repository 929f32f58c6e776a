-- The shape GetDatabaseDdl returns for a PostgreSQL-dialect database.
CREATE TABLE singers (
  singer_id bigint NOT NULL,
  first_name character varying(1024),
  last_name character varying(1024),
  singer_info bytea,
  PRIMARY KEY(singer_id)
);

CREATE TABLE albums (
  singer_id bigint NOT NULL,
  album_id bigint NOT NULL,
  album_title character varying,
  PRIMARY KEY(singer_id, album_id)
) INTERLEAVE IN PARENT singers ON DELETE CASCADE;

CREATE TABLE events (
  id bigint NOT NULL,
  created_at timestamp with time zone NOT NULL,
  updated_at spanner.commit_timestamp,
  PRIMARY KEY(id)
) TTL INTERVAL '4 WEEKS 2 DAYS' ON created_at;

CREATE INDEX albums_by_title ON albums (album_title) INCLUDE (singer_id) INTERLEAVE IN singers WHERE (album_title IS NOT NULL);

CREATE INDEX singers_by_last ON singers (last_name DESC NULLS LAST, first_name NULLS FIRST);

CREATE VIEW singer_names SQL SECURITY INVOKER AS SELECT first_name FROM singers;

ALTER DATABASE "music-pg" SET "spanner.default_leader" = 'us-east1';

ALTER DATABASE "music-pg" RESET "spanner.optimizer_version";
