-- ratchet:revision 1a0f3c2d4e5b
-- ratchet:parents
-- ratchet:message create singers
-- ratchet:created 2026-11-20T09:00:00Z

-- +upgrade
CREATE TABLE singers (
  singer_id bigint PRIMARY KEY,
  first_name varchar(1024),
  last_name varchar(1024),
  singer_info bytea
);

-- +downgrade
-- ratchet:data-loss drops singers and all of its rows
DROP TABLE singers;
