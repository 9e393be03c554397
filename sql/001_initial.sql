-- The walking skeleton: schools, members, sessions, categories, threads, posts,
-- rate limits and the moderation/admin log.

CREATE TABLE schools (
    id          bigserial PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    website     text,
    description text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id                bigserial PRIMARY KEY,
    email             text NOT NULL,
    username          text NOT NULL CHECK (username ~ '^[A-Za-z0-9_]{2,30}$'),
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role              text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator', 'admin')),
    school_id         bigint REFERENCES schools (id),
    password_hash     text NOT NULL,
    suspended_at      timestamptz,
    suspended_until   timestamptz,
    suspension_reason text,
    deactivated_at    timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_school_idx ON users (school_id);

-- Only a hash of the cookie's token is stored: a leaked table can't be replayed.
CREATE TABLE sessions (
    id           bigserial PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    ip           text,
    user_agent   text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE categories (
    id          bigserial PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text NOT NULL DEFAULT '',
    position    integer NOT NULL DEFAULT 0,
    visibility  text NOT NULL DEFAULT 'members' CHECK (visibility IN ('members', 'moderators')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE threads (
    id              bigserial PRIMARY KEY,
    category_id     bigint NOT NULL REFERENCES categories (id),
    author_id       bigint NOT NULL REFERENCES users (id),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    slug            text NOT NULL,
    kind            text NOT NULL DEFAULT 'discussion' CHECK (kind IN ('discussion', 'feedback')),
    feedback_status text CHECK (feedback_status IN ('open', 'closed')),
    pinned          boolean NOT NULL DEFAULT false,
    locked_at       timestamptz,
    lock_reason     text,
    deleted_at      timestamptz,
    post_count      integer NOT NULL DEFAULT 0,
    last_post_id    bigint,
    last_poster_id  bigint REFERENCES users (id),
    last_posted_at  timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'feedback') = (feedback_status IS NOT NULL))
);
CREATE INDEX threads_category_listing_idx ON threads (category_id, pinned DESC, last_posted_at DESC);
CREATE INDEX threads_recent_idx ON threads (last_posted_at DESC);
CREATE INDEX threads_author_idx ON threads (author_id);

-- `position` numbers a thread's posts 1, 2, 3...; deleted posts keep theirs, so a post's
-- page never changes and a reply can be linked to the page that shows it.
CREATE TABLE posts (
    id            bigserial PRIMARY KEY,
    thread_id     bigint NOT NULL REFERENCES threads (id),
    author_id     bigint NOT NULL REFERENCES users (id),
    position      integer NOT NULL,
    body_source   text NOT NULL,
    body_html     text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    edited_at     timestamptz,
    deleted_at    timestamptz,
    hidden_at     timestamptz,
    hidden_reason text,
    UNIQUE (thread_id, position)
);
CREATE INDEX posts_author_idx ON posts (author_id, created_at DESC);

-- Fixed one-minute (or longer) windows, shared by every `serve` process.
CREATE TABLE rate_limits (
    key          text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL DEFAULT 1,
    PRIMARY KEY (key, window_start)
);

-- Every moderator and admin action. The forum only ever inserts here.
CREATE TABLE mod_log (
    id          bigserial PRIMARY KEY,
    actor_id    bigint REFERENCES users (id),
    action      text NOT NULL,
    target_type text,
    target_id   bigint,
    summary     text NOT NULL DEFAULT '',
    reason      text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mod_log_created_idx ON mod_log (created_at DESC);
CREATE INDEX mod_log_actor_idx ON mod_log (actor_id, created_at DESC);
