-- Ratchet's worked example: a music catalog.
-- Singers own Albums, which own Songs (interleaved); Concerts reference Venues and Singers.
CREATE TABLE Singers (
  SingerId INT64 NOT NULL,
  FirstName STRING(1024),
  LastName STRING(1024),
  -- Searchable full name, maintained by Spanner.
  FullName STRING(2048) AS (ARRAY_TO_STRING([FirstName, LastName], ' ')) STORED,
  FullName_Tokens TOKENLIST AS (TOKENIZE_FULLTEXT(FullName)) HIDDEN,
  SingerInfo BYTES(MAX),
  UpdatedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = TRUE),
) PRIMARY KEY(SingerId);

CREATE TABLE Albums (
  SingerId INT64 NOT NULL,
  AlbumId INT64 NOT NULL,
  AlbumTitle STRING(MAX),
  ReleaseDate DATE,
  MarketingBudget NUMERIC,
) PRIMARY KEY(SingerId, AlbumId),
  INTERLEAVE IN PARENT Singers ON DELETE CASCADE;

CREATE INDEX AlbumsByTitle ON Albums(AlbumTitle) STORING (ReleaseDate);

CREATE TABLE Songs (
  SingerId INT64 NOT NULL,
  AlbumId INT64 NOT NULL,
  TrackId INT64 NOT NULL,
  SongName STRING(MAX) NOT NULL,
  Duration INT64, -- seconds
  CONSTRAINT DurationPositive CHECK(Duration > 0),
) PRIMARY KEY(SingerId, AlbumId, TrackId),
  INTERLEAVE IN PARENT Albums ON DELETE CASCADE;

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

CREATE SEARCH INDEX SingersByName ON Singers(FullName_Tokens);

CREATE CHANGE STREAM CatalogChanges FOR Singers, Albums, Songs OPTIONS (retention_period = '7d');

CREATE VIEW UpcomingConcerts SQL SECURITY INVOKER AS SELECT c.ConcertId, c.ConcertDate, v.VenueName, s.FullName FROM Concerts AS c JOIN Venues AS v ON v.VenueId = c.VenueId JOIN Singers AS s ON s.SingerId = c.SingerId WHERE c.ConcertDate >= CURRENT_DATE();

