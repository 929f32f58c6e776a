-- ratchet:revision 7a6f9c8daeb0
-- ratchet:parents 6f5e8b7c9dae
-- ratchet:message upcoming concerts view
-- ratchet:created 2026-11-24T09:00:00Z

-- +upgrade
-- Reads both branches: concerts from 'live', full_name from 'search'.
CREATE VIEW upcoming_concerts SQL SECURITY INVOKER AS
  SELECT c.concert_id, c.concert_date, v.venue_name, s.full_name
  FROM concerts AS c
  JOIN venues AS v ON v.venue_id = c.venue_id
  JOIN singers AS s ON s.singer_id = c.singer_id
  WHERE c.concert_date >= CURRENT_DATE;

-- +downgrade
DROP VIEW upcoming_concerts;
