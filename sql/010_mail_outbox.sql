-- Outgoing mail, written in the same transaction as whatever caused it, so a message is
-- queued exactly when its cause is committed. A background sender claims due rows
-- (FOR UPDATE SKIP LOCKED plus a lease in next_attempt_at), so two `serve` processes never
-- send one message twice, and a failed send is retried later with backoff.
CREATE TABLE mail_outbox (
    id              bigserial PRIMARY KEY,
    recipient       text NOT NULL,
    subject         text NOT NULL,
    body            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    sent_at         timestamptz,
    next_attempt_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;
