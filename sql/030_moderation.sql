-- Moderation: flags raised by members, and a log nobody can rewrite.

-- One flag per post per member; a second flag while it is open updates the reason.
CREATE TABLE flags (
    id          bigserial PRIMARY KEY,
    post_id     bigint NOT NULL REFERENCES posts (id),
    flagger_id  bigint NOT NULL REFERENCES users (id),
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolved_by bigint REFERENCES users (id),
    resolution  text CHECK (resolution IN ('dismissed', 'hidden')),
    UNIQUE (post_id, flagger_id),
    CHECK ((resolved_at IS NULL) = (resolution IS NULL))
);
-- The moderators' queue and the count in their header read only open flags.
CREATE INDEX flags_open_idx ON flags (created_at) WHERE resolved_at IS NULL;

CREATE INDEX mod_log_action_idx ON mod_log (action, created_at DESC);

-- The log is evidence: the forum only ever inserts, and the database makes sure.
CREATE FUNCTION mod_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'mod_log entries cannot be changed or removed' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER mod_log_append_only BEFORE UPDATE OR DELETE ON mod_log
    FOR EACH ROW EXECUTE FUNCTION mod_log_is_append_only();
CREATE TRIGGER mod_log_no_truncate BEFORE TRUNCATE ON mod_log
    FOR EACH STATEMENT EXECUTE FUNCTION mod_log_is_append_only();
