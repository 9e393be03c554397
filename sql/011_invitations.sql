-- Invitations: only a SHA-256 of the link's token is stored, like sessions.
CREATE TABLE invitations (
    id          bigserial PRIMARY KEY,
    email       text NOT NULL,
    name        text NOT NULL DEFAULT '',
    role        text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator', 'admin')),
    school_id   bigint REFERENCES schools (id),
    token_hash  bytea NOT NULL UNIQUE,
    invited_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_user_id bigint REFERENCES users (id),
    revoked_at  timestamptz
);
CREATE INDEX invitations_email_idx ON invitations (lower(email));
CREATE INDEX invitations_created_idx ON invitations (created_at DESC);
