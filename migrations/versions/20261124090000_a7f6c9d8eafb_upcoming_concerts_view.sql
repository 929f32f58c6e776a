-- ratchet:revision a7f6c9d8eafb
-- ratchet:parents f6e5b8c7d9ea
-- ratchet:message upcoming concerts view
-- ratchet:created 2026-11-24T09:00:00Z

-- +upgrade
-- Reads both branches: concerts from 'live', FullName from 'search'.
CREATE VIEW UpcomingConcerts SQL SECURITY INVOKER AS
  SELECT c.ConcertId, c.ConcertDate, v.VenueName, s.FullName
  FROM Concerts AS c
  JOIN Venues AS v ON v.VenueId = c.VenueId
  JOIN Singers AS s ON s.SingerId = c.SingerId
  WHERE c.ConcertDate >= CURRENT_DATE();

-- +downgrade
DROP VIEW UpcomingConcerts;
