CREATE VIEW singer_names SQL SECURITY INVOKER AS SELECT first_name, last_name FROM singers;

CREATE OR REPLACE VIEW singer_names SQL SECURITY INVOKER AS SELECT s.first_name AS "First", s.last_name FROM singers AS s WHERE s.singer_id > 10 ORDER BY s.last_name;

CREATE VIEW casts SQL SECURITY INVOKER AS SELECT singer_id::text AS id_text, CAST(singer_id AS varchar) AS other FROM singers;

CREATE VIEW with_option WITH (security_invoker = true) AS SELECT 1 AS one;

CREATE VIEW definer SQL SECURITY DEFINER AS SELECT count(*) AS n FROM albums GROUP BY singer_id HAVING count(*) > 1;

DROP VIEW singer_names;

DROP VIEW IF EXISTS casts;

CREATE CHANGE STREAM everything FOR ALL;

CREATE CHANGE STREAM some_tables FOR singers, albums(album_title), songs();

CREATE CHANGE STREAM with_options FOR singers WITH (retention_period = '36h', value_capture_type = 'NEW_ROW');

CREATE CHANGE STREAM IF NOT EXISTS bare;

ALTER CHANGE STREAM some_tables SET FOR singers;

ALTER CHANGE STREAM some_tables DROP FOR ALL;

ALTER CHANGE STREAM with_options SET (retention_period = '7d');

ALTER CHANGE STREAM with_options RESET (retention_period);

DROP CHANGE STREAM bare;

CREATE SEQUENCE seq BIT_REVERSED_POSITIVE;

CREATE SEQUENCE IF NOT EXISTS seq2 BIT_REVERSED_POSITIVE SKIP RANGE 1 1000 START COUNTER WITH 50;

CREATE SEQUENCE seq3 BIT_REVERSED_POSITIVE START COUNTER 7 NO MINVALUE NO MAXVALUE NO CYCLE;

ALTER SEQUENCE seq SKIP RANGE 5 10;

ALTER SEQUENCE seq NO SKIP RANGE;

ALTER SEQUENCE seq RESTART COUNTER WITH 100;

ALTER SEQUENCE IF EXISTS seq SKIP RANGE 1 2 RESTART COUNTER 3;

DROP SEQUENCE seq3;

DROP SEQUENCE IF EXISTS seq2;

CREATE SCHEMA sch;

CREATE SCHEMA IF NOT EXISTS "Other";

DROP SCHEMA "Other";

CREATE ROLE reader;

CREATE ROLE "Writer";

GRANT SELECT ON TABLE singers TO reader;

GRANT SELECT, INSERT(first_name, last_name), UPDATE, DELETE ON TABLE singers, albums TO "Writer", reader;

GRANT SELECT ON VIEW singer_names TO reader;

GRANT SELECT ON CHANGE STREAM everything TO reader;

GRANT USAGE ON SCHEMA sch TO reader;

GRANT reader TO "Writer";

REVOKE SELECT ON TABLE singers FROM reader;

REVOKE reader FROM "Writer";

DROP ROLE "Writer";

ALTER DATABASE db SET spanner.default_leader = 'us-central1';

ALTER DATABASE db SET spanner.version_retention_period = '7d';

ALTER DATABASE db SET spanner.optimizer_version TO 5;

ALTER DATABASE db RESET spanner.default_leader;

ANALYZE;

DROP TABLE songs;

DROP TABLE IF EXISTS "MixedCase";

DROP TABLE sch.tenants;
