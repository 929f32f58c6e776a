-- ratchet:revision a1f0c3d2e4b5
-- ratchet:parents
-- ratchet:message create singers
-- ratchet:created 2026-11-20T09:00:00Z

-- +upgrade
CREATE TABLE Singers (
  SingerId INT64 NOT NULL,
  FirstName STRING(1024),
  LastName STRING(1024),
  SingerInfo BYTES(MAX),
) PRIMARY KEY(SingerId);

-- +downgrade
-- ratchet:data-loss drops Singers and all of its rows
DROP TABLE Singers;
