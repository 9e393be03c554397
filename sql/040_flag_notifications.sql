-- Flaggers hear what became of their flag: the post stayed up, or it was hidden.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('reply', 'mention', 'reaction', 'accepted', 'flag_dismissed', 'flag_upheld'));
