-- Files attached to private messages (issue 13). An attachment belongs to exactly one owner:
-- a post or a message. Replies copy their files in before taking the thread's (or the
-- conversation's) row lock and name the owner afterwards in the same transaction, so "never
-- both" is a plain CHECK and "at least one" is checked at commit by a deferred trigger.
ALTER TABLE attachments ADD COLUMN message_id bigint REFERENCES messages (id);
ALTER TABLE attachments ADD CONSTRAINT attachments_one_owner CHECK (post_id IS NULL OR message_id IS NULL);
-- The conversation page lists the files of its messages in one query.
CREATE INDEX attachments_message_idx ON attachments (message_id, id) WHERE message_id IS NOT NULL;

CREATE FUNCTION attachments_require_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- NEW is the row as the event saw it; read it as it is at commit.
    IF EXISTS (SELECT 1 FROM attachments WHERE id = NEW.id AND post_id IS NULL AND message_id IS NULL) THEN
        RAISE EXCEPTION 'attachment % has no owner (post or message)', NEW.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER attachments_owner_at_commit
    AFTER INSERT OR UPDATE OF post_id, message_id ON attachments
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION attachments_require_owner();
