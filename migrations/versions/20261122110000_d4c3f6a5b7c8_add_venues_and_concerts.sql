-- ratchet:revision d4c3f6a5b7c8
-- ratchet:parents c3d2e5f4a6b7
-- ratchet:message add venues and concerts
-- ratchet:created 2026-11-22T11:00:00Z
-- ratchet:branch-labels live

-- +upgrade
CREATE TABLE Venues (
  VenueId INT64 NOT NULL,
  VenueName STRING(100) NOT NULL,
  Capacity INT64,
  VenueDetails JSON,
) PRIMARY KEY(VenueId);

CREATE TABLE Concerts (
  ConcertId INT64 NOT NULL,
  VenueId INT64 NOT NULL,
  SingerId INT64 NOT NULL,
  ConcertDate DATE NOT NULL,
  BeginTime TIMESTAMP,
  EndTime TIMESTAMP,
  TicketPrices ARRAY<INT64>,
  CONSTRAINT FK_ConcertsVenues FOREIGN KEY(VenueId) REFERENCES Venues(VenueId),
  CONSTRAINT FK_ConcertsSingers FOREIGN KEY(SingerId) REFERENCES Singers(SingerId),
  CONSTRAINT EndsAfterItBegins CHECK(EndTime > BeginTime),
) PRIMARY KEY(ConcertId),
  ROW DELETION POLICY (OLDER_THAN(EndTime, INTERVAL 3650 DAY));

-- +downgrade
-- ratchet:data-loss drops Concerts and all of its rows
DROP TABLE Concerts;
-- ratchet:data-loss drops Venues and all of its rows
DROP TABLE Venues;
