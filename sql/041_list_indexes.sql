-- The home page's "recent threads" walks this instead of sorting every thread.
CREATE INDEX threads_recent_live_idx ON threads (last_posted_at DESC) WHERE deleted_at IS NULL;
