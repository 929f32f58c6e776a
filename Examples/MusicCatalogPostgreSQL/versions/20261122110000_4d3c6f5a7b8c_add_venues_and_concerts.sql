-- ratchet:revision 4d3c6f5a7b8c
-- ratchet:parents 3c2d5e4f6a7b
-- ratchet:message add venues and concerts
-- ratchet:created 2026-11-22T11:00:00Z
-- ratchet:branch-labels live

-- +upgrade
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

-- +downgrade
-- ratchet:data-loss drops concerts and all of its rows
DROP TABLE concerts;
-- ratchet:data-loss drops venues and all of its rows
DROP TABLE venues;
