-- Files attached to posts. Their bytes live in PostgreSQL (not on one server's disk), so
-- several `serve` processes share them and a pg_dump holds everything.
CREATE TABLE attachments (
    id           bigserial PRIMARY KEY,
    -- The owner. Nullable because posts are not the only owners to come: the private-messages
    -- migration adds `message_id bigint REFERENCES messages (id)` and a CHECK that exactly one
    -- owner is set. Visibility is decided by the owner (see Forum/Attachments).
    post_id      bigint REFERENCES posts (id),
    uploader_id  bigint NOT NULL REFERENCES users (id),
    -- Cleaned by FileName.cleaned: no path, no control characters, at most 120 characters.
    filename     text NOT NULL CHECK (length(filename) BETWEEN 1 AND 120),
    -- Judged from the bytes (FileKinds.FileKind), never from the name or the browser's claim.
    kind         text NOT NULL,
    byte_size    bigint NOT NULL CHECK (byte_size > 0),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_post_idx ON attachments (post_id, id);

-- The bytes in chunks of 256 KiB rather than one bytea: a 10 MiB file is then written and
-- served a chunk at a time, and neither the server nor libpq ever holds it whole.
CREATE TABLE attachment_chunks (
    attachment_id bigint NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    seq           integer NOT NULL CHECK (seq >= 0),
    data          bytea NOT NULL,
    PRIMARY KEY (attachment_id, seq)
);

-- What an edit did to the attachments ("Added a.pdf; removed b.png"), shown in the history.
ALTER TABLE post_revisions ADD COLUMN attachment_changes text;
-- Most attachments (images, PDFs, Office files) are compressed already: don't try again.
ALTER TABLE attachment_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
