-- Per-host politeness shared by every worker using the database: the
-- earliest start of the next request to each host (store.HostStore), on the
-- database's clock. A row whose time has passed means the host is free; rows
-- a day old are pruned.

CREATE TABLE host_slots (
    host    text PRIMARY KEY,         -- a URL's host, port included, lowercase
    next_at timestamptz NOT NULL      -- earliest start of the next request
);
