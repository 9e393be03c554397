-- Account security: two-factor sign-in (TOTP), the half-signed-in state between password
-- and code, the admin's "require 2FA" setting, and erasure of an account.

-- One row per member who turned on (or is turning on) two-factor sign-in. The secret is
-- sealed with AES-GCM under a key the database never sees, so a dump alone gives no codes.
CREATE TABLE two_factor (
    user_id           bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_sealed     bytea NOT NULL,
    -- NULL while enrolment waits for its first code.
    enabled_at        timestamptz,
    -- The last 30-second step whose code was accepted: a code is good once, and so is any
    -- earlier one (a code seen over a shoulder cannot be replayed within its drift window).
    last_used_step    bigint,
    created_at        timestamptz NOT NULL DEFAULT now()
);

-- Recovery codes, stored as SHA-256 (they are 80 random bits, so a fast hash is enough).
CREATE TABLE two_factor_recovery_codes (
    id        bigserial PRIMARY KEY,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at   timestamptz,
    UNIQUE (user_id, code_hash)
);

-- After a correct password, before the code: a short-lived token in its own cookie that
-- opens no page but /login/2fa. The session is created only when the code is right.
CREATE TABLE pending_sign_ins (
    id          bigserial PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    next_path   text NOT NULL DEFAULT '/',
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_sign_ins_expires_idx ON pending_sign_ins (expires_at);

-- Site-wide settings admins change on a page (one row per key).
CREATE TABLE site_settings (
    key        text PRIMARY KEY,
    value      text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Erasure must take an erased member's name and email out of the moderation log's
-- summaries too. The log stays append-only otherwise: only a transaction that announced an
-- erasure (SET LOCAL roundtable.erasure = 'on') may rewrite summary and reason, nothing else.
CREATE OR REPLACE FUNCTION mod_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('roundtable.erasure', true) = 'on' THEN
        IF NEW.id = OLD.id AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.action = OLD.action
           AND NEW.target_type IS NOT DISTINCT FROM OLD.target_type AND NEW.target_id IS NOT DISTINCT FROM OLD.target_id
           AND NEW.created_at = OLD.created_at THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'mod_log entries cannot be changed or removed' USING ERRCODE = 'insufficient_privilege';
END;
$$;

ALTER TABLE users ADD COLUMN erased_at timestamptz;
