-- A complete schema in GetDatabaseDdl's own layout.
CREATE TABLE Singers (
  SingerId INT64 NOT NULL,
  FirstName STRING(1024),
  LastName STRING(1024),
  SingerInfo BYTES(MAX),
  FullName STRING(2048) AS (ARRAY_TO_STRING([FirstName, LastName], ' ')) STORED,
) PRIMARY KEY(SingerId);

CREATE TABLE Albums (
  SingerId INT64 NOT NULL,
  AlbumId INT64 NOT NULL,
  AlbumTitle STRING(MAX),
  MarketingBudget INT64,
) PRIMARY KEY(SingerId, AlbumId),
  INTERLEAVE IN PARENT Singers ON DELETE CASCADE;

CREATE INDEX AlbumsByAlbumTitle ON Albums(AlbumTitle);

CREATE INDEX AlbumsByAlbumTitle2 ON Albums(AlbumTitle) STORING (MarketingBudget);

CREATE TABLE Songs (
  SingerId INT64 NOT NULL,
  AlbumId INT64 NOT NULL,
  TrackId INT64 NOT NULL,
  SongName STRING(MAX),
  Duration INT64,
  SongGenre STRING(25),
) PRIMARY KEY(SingerId, AlbumId, TrackId),
  INTERLEAVE IN PARENT Albums ON DELETE CASCADE;

CREATE UNIQUE INDEX SongsBySingerAlbumSongNameDesc ON Songs(SingerId, AlbumId, SongName DESC), INTERLEAVE IN Albums;

CREATE INDEX SongsBySongName ON Songs(SongName);

CREATE TABLE Concerts (
  VenueId INT64 NOT NULL,
  SingerId INT64 NOT NULL,
  ConcertDate DATE NOT NULL,
  BeginTime TIMESTAMP,
  EndTime TIMESTAMP,
  TicketPrices ARRAY<INT64>,
  CONSTRAINT Fk_Concerts_Singers FOREIGN KEY(SingerId) REFERENCES Singers(SingerId),
  CONSTRAINT Ck_Times CHECK(EndTime > BeginTime),
) PRIMARY KEY(VenueId, SingerId, ConcertDate);

CREATE TABLE Venues (
  VenueId INT64 NOT NULL,
  VenueName STRING(100),
  VenueInfo BYTES(MAX),
  Capacity INT64,
  AvailableDates ARRAY<DATE>,
  LastContactDate DATE,
  OutdoorVenue BOOL,
  PopularityScore FLOAT64,
  Revenue NUMERIC,
  VenueDetails JSON,
  LastUpdateTime TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),
) PRIMARY KEY(VenueId);

CREATE TABLE Performances (
  SingerId INT64 NOT NULL,
  VenueId INT64 NOT NULL,
  EventDate DATE,
  Revenue INT64,
  LastUpdateTime TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),
) PRIMARY KEY(SingerId, VenueId, EventDate),
  INTERLEAVE IN PARENT Singers ON DELETE CASCADE;

CREATE TABLE Customers (
  CustomerId INT64 NOT NULL,
  CustomerName STRING(62) NOT NULL,
) PRIMARY KEY(CustomerId);

CREATE TABLE ShoppingCarts (
  CartId INT64 NOT NULL,
  CustomerId INT64 NOT NULL,
  CustomerName STRING(62) NOT NULL,
  CONSTRAINT FKShoppingCartsCustomerId FOREIGN KEY(CustomerId) REFERENCES Customers(CustomerId) ON DELETE CASCADE,
) PRIMARY KEY(CartId);

CREATE TABLE Accounts (
  AccountId INT64 NOT NULL,
  CreatedOn TIMESTAMP,
  Balance NUMERIC,
) PRIMARY KEY(AccountId),
  ROW DELETION POLICY (OLDER_THAN(CreatedOn, INTERVAL 1 DAY));

CREATE SEQUENCE Seq OPTIONS (sequence_kind = 'bit_reversed_positive');

CREATE TABLE Customers2 (
  CustomerId INT64 DEFAULT (GET_NEXT_SEQUENCE_VALUE(SEQUENCE Seq)),
  CustomerName STRING(1024),
) PRIMARY KEY(CustomerId);

CREATE CHANGE STREAM SingerAlbumStream FOR Singers, Albums;

CREATE CHANGE STREAM NamesAndTitles FOR Singers(FirstName, LastName), Albums(AlbumTitle);

CREATE VIEW SingerNames SQL SECURITY INVOKER AS SELECT Singers.SingerId AS SingerId, Singers.FirstName || ' ' || Singers.LastName AS Name FROM Singers;

CREATE ROLE hr_manager;

GRANT SELECT ON TABLE Singers TO ROLE hr_manager;

CREATE TABLE Orders (
  OrderId INT64 NOT NULL,
  OrderStatus STRING(20),
  Notes STRING(MAX),
  Notes_Tokens TOKENLIST AS (TOKENIZE_FULLTEXT(Notes)) HIDDEN,
) PRIMARY KEY(OrderId);

CREATE SEARCH INDEX OrdersIndex ON Orders(Notes_Tokens) STORING (OrderStatus);

CREATE TABLE Documents (
  UserId INT64 NOT NULL,
  DocumentId INT64 NOT NULL,
  Content STRING(MAX),
  Embedding ARRAY<FLOAT32>(vector_length=>3),
) PRIMARY KEY(UserId, DocumentId);

CREATE VECTOR INDEX DocEmbeddingIndex ON Documents(Embedding) WHERE Embedding IS NOT NULL OPTIONS (distance_type = 'COSINE');

ALTER TABLE Albums ADD COLUMN ReleaseDate DATE;

ALTER TABLE Albums ALTER COLUMN MarketingBudget INT64 NOT NULL;

ALTER TABLE Songs SET ON DELETE NO ACTION;

ALTER INDEX AlbumsByAlbumTitle ADD STORED COLUMN ReleaseDate;

DROP INDEX SongsBySongName;

ALTER DATABASE music SET OPTIONS (version_retention_period = '3d');
