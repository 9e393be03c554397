-- Mail that members live in (issue 12): how often each member hears by mail, the schedule of
-- their digest, which notifications were already mailed, unsubscribe and reply-by-email
-- tokens, and outbox rows that carry list headers and an HTML part.

ALTER TABLE users
    ADD COLUMN email_notifications text NOT NULL DEFAULT 'daily'
        CHECK (email_notifications IN ('immediately', 'daily', 'weekly', 'never')),
    -- The next digest is due then (daily and weekly members); the sender moves it on.
    ADD COLUMN digest_due_at timestamptz NOT NULL DEFAULT now() + interval '1 day',
    -- The end of the period the last digest covered: the next one starts there.
    ADD COLUMN digest_sent_at timestamptz;
CREATE INDEX users_digest_due_idx ON users (digest_due_at) WHERE email_notifications IN ('daily', 'weekly');

-- A notification is mailed once: alone (immediately, batched) or in a digest.
ALTER TABLE notifications ADD COLUMN mailed_at timestamptz;
CREATE INDEX notifications_unmailed_idx ON notifications (created_at, user_id) WHERE mailed_at IS NULL AND read_at IS NULL;

-- Tokens mailed in links and addresses. Only a SHA-256 is stored; each is for one member
-- and one purpose (and, for replies, one thread).
CREATE TABLE mail_tokens (
    token_hash bytea PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('unsubscribe', 'reply')),
    thread_id  bigint REFERENCES threads (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    CHECK ((purpose = 'reply') = (thread_id IS NOT NULL))
);
CREATE INDEX mail_tokens_expires_idx ON mail_tokens (expires_at);

-- Extra header lines ("Name: value", one a line; the sender checks every name) and an HTML
-- alternative to the text body.
ALTER TABLE mail_outbox
    ADD COLUMN headers   text NOT NULL DEFAULT '',
    ADD COLUMN html_body text;
