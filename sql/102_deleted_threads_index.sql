-- Search reads the threads a member may not see once per search, into a hash table
-- (PostVisibility.listedPostSQL): deleted threads are few, so they get an index of their own
-- rather than a scan of every thread.
CREATE INDEX threads_deleted_idx ON threads (id) WHERE deleted_at IS NOT NULL;
