-- ratchet:revision 6f5e8b7c9dae
-- ratchet:parents 4d3c6f5a7b8c 5e4d7a6b8c9d
-- ratchet:message merge live and search
-- ratchet:created 2026-11-23T09:00:00Z

-- +upgrade

-- +downgrade
