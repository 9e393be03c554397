-- Conversations (issue 4): edit history, soft delete by authors, reactions, accepted feedback,
-- notifications, watched threads, read positions and full-text search.

ALTER TABLE posts
    ADD COLUMN edited_by   bigint REFERENCES users (id),
    ADD COLUMN deleted_by  bigint REFERENCES users (id),
    ADD COLUMN accepted_at timestamptz,
    ADD COLUMN accepted_by bigint REFERENCES users (id);

-- Each row is a version a later edit replaced: its source, and who replaced it when.
CREATE TABLE post_revisions (
    id          bigserial PRIMARY KEY,
    post_id     bigint NOT NULL REFERENCES posts (id),
    body_source text NOT NULL,
    edited_by   bigint NOT NULL REFERENCES users (id),
    edited_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX post_revisions_post_idx ON post_revisions (post_id, edited_at DESC, id DESC);

CREATE TABLE post_reactions (
    post_id    bigint NOT NULL REFERENCES posts (id),
    user_id    bigint NOT NULL REFERENCES users (id),
    reaction   text NOT NULL CHECK (reaction IN ('helpful')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, user_id, reaction)
);

CREATE TABLE notifications (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id),
    kind       text NOT NULL CHECK (kind IN ('reply', 'mention', 'reaction', 'accepted')),
    actor_id   bigint REFERENCES users (id),
    thread_id  bigint NOT NULL REFERENCES threads (id),
    post_id    bigint REFERENCES posts (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC);
-- The header's unread count runs on every page view.
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_post_idx ON notifications (post_id, kind);

CREATE TABLE thread_watches (
    user_id    bigint NOT NULL REFERENCES users (id),
    thread_id  bigint NOT NULL REFERENCES threads (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (thread_id, user_id)
);

CREATE TABLE thread_reads (
    user_id            bigint NOT NULL REFERENCES users (id),
    thread_id          bigint NOT NULL REFERENCES threads (id),
    last_read_position integer NOT NULL,
    PRIMARY KEY (user_id, thread_id)
);

-- Search: the post's source, with the thread's title (weight A) on the opening post. A
-- generated column can't read the thread, so triggers keep it current.
ALTER TABLE posts ADD COLUMN search_vector tsvector;

CREATE FUNCTION posts_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        CASE WHEN NEW.position = 1
             THEN setweight(to_tsvector('english', coalesce((SELECT title FROM threads WHERE id = NEW.thread_id), '')), 'A')
             ELSE ''::tsvector END
        || setweight(to_tsvector('english', NEW.body_source), 'B');
    RETURN NEW;
END $$;

CREATE TRIGGER posts_search_vector_trigger
    BEFORE INSERT OR UPDATE OF body_source ON posts
    FOR EACH ROW EXECUTE FUNCTION posts_search_vector();

CREATE FUNCTION threads_title_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE posts SET search_vector =
        setweight(to_tsvector('english', NEW.title), 'A') || setweight(to_tsvector('english', body_source), 'B')
    WHERE thread_id = NEW.id AND position = 1;
    RETURN NULL;
END $$;

CREATE TRIGGER threads_title_search_vector_trigger
    AFTER UPDATE OF title ON threads
    FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title)
    EXECUTE FUNCTION threads_title_search_vector();

UPDATE posts SET body_source = body_source;

CREATE INDEX posts_search_idx ON posts USING gin (search_vector);
-- Open feedback requests on the home page.
CREATE INDEX threads_open_feedback_idx ON threads (created_at DESC) WHERE feedback_status = 'open' AND deleted_at IS NULL;
