-- Per-host politeness shared by every process using the database: the
-- earliest start of the next request to each host (store.HostStore). A row
-- whose time has passed means the host is free; rows a day old are pruned.

CREATE TABLE host_slots (
    host    TEXT PRIMARY KEY,   -- a URL's host, port included, lowercase
    next_at TEXT NOT NULL       -- earliest start of the next request, UTC
) WITHOUT ROWID;
