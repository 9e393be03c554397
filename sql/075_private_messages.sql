-- Private messages (issue 13): conversations between 2 and 21 members, read positions per
-- participant, site notifications about new messages, and flags that carry a conversation's
-- text to the moderators (who otherwise cannot read messages).

CREATE TABLE conversations (
    id              bigserial PRIMARY KEY,
    author_id       bigint NOT NULL REFERENCES users (id),
    subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Kept with every message so the list sorts and counts unread without reading messages.
    last_message_id bigint NOT NULL DEFAULT 0,
    last_message_at timestamptz NOT NULL DEFAULT now()
);

-- left_at: the member left; they no longer see the conversation or hear about it.
-- last_read_message_id: the newest message they have seen (0: none).
CREATE TABLE conversation_members (
    conversation_id      bigint NOT NULL REFERENCES conversations (id),
    user_id              bigint NOT NULL REFERENCES users (id),
    joined_at            timestamptz NOT NULL DEFAULT now(),
    left_at              timestamptz,
    last_read_message_id bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
);
-- The list and the header's unread count (on every page view) read a member's live rows.
CREATE INDEX conversation_members_user_idx ON conversation_members (user_id) WHERE left_at IS NULL;

CREATE TABLE messages (
    id              bigserial PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations (id),
    author_id       bigint NOT NULL REFERENCES users (id),
    body_source     text NOT NULL,
    body_html       text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, id);

-- Notifications about messages concern a conversation, not a thread.
ALTER TABLE notifications ALTER COLUMN thread_id DROP NOT NULL;
ALTER TABLE notifications
    ADD COLUMN conversation_id bigint REFERENCES conversations (id),
    ADD COLUMN message_id      bigint REFERENCES messages (id),
    ADD CONSTRAINT notifications_one_subject CHECK ((thread_id IS NULL) <> (conversation_id IS NULL));
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('reply', 'mention', 'reaction', 'accepted', 'flag_dismissed', 'flag_upheld', 'message'));
CREATE INDEX notifications_conversation_idx ON notifications (conversation_id, user_id) WHERE conversation_id IS NOT NULL;

-- A flag is about a post or a conversation. A conversation's flag keeps the text as it was
-- when flagged: moderators read that snapshot, never the live conversation.
ALTER TABLE flags ALTER COLUMN post_id DROP NOT NULL;
ALTER TABLE flags
    ADD COLUMN conversation_id bigint REFERENCES conversations (id),
    ADD COLUMN snapshot        text CHECK (length(snapshot) <= 1000000),
    ADD CONSTRAINT flags_one_subject CHECK ((post_id IS NULL) <> (conversation_id IS NULL)),
    ADD CONSTRAINT flags_snapshot_with_conversation CHECK ((conversation_id IS NULL) = (snapshot IS NULL));
-- One open flag per conversation per member; after review, a member may flag it again.
CREATE UNIQUE INDEX flags_open_conversation_idx ON flags (conversation_id, flagger_id)
    WHERE conversation_id IS NOT NULL AND resolved_at IS NULL;
