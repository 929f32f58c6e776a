-- ratchet:revision f6e5b8c7d9ea
-- ratchet:parents d4c3f6a5b7c8 e5d4a7b6c8d9
-- ratchet:message merge live and search
-- ratchet:created 2026-11-23T09:00:00Z

-- +upgrade

-- +downgrade
