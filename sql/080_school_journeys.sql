-- School journeys (issue 14): design elements with ordered stages, each school's current
-- stage per element with a note, every change kept, leadership teams, and threads tagged
-- with an element.

CREATE TABLE journey_elements (
    id          bigserial PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description text NOT NULL DEFAULT '',
    position    integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- `position` numbers an element's stages 1, 2, 3...: the contract's 1-based stage number.
-- Deferred, so a reorder can swap positions inside one transaction.
CREATE TABLE journey_stages (
    id         bigserial PRIMARY KEY,
    element_id bigint NOT NULL REFERENCES journey_elements (id) ON DELETE CASCADE,
    position   integer NOT NULL CHECK (position >= 1),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    CONSTRAINT journey_stages_position_key UNIQUE (element_id, position) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE school_leaders (
    school_id bigint NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (school_id, user_id)
);
CREATE INDEX school_leaders_user_idx ON school_leaders (user_id);

-- The school's current stage per element. The stage reference has no ON DELETE: a stage
-- schools stand on can't be dropped by accident (the admin page says so first).
CREATE TABLE school_journeys (
    school_id  bigint NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    element_id bigint NOT NULL REFERENCES journey_elements (id) ON DELETE CASCADE,
    stage_id   bigint NOT NULL REFERENCES journey_stages (id),
    note_source text NOT NULL DEFAULT '',
    note_html  text NOT NULL DEFAULT '',
    set_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    set_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (school_id, element_id)
);
CREATE INDEX school_journeys_stage_idx ON school_journeys (stage_id);

-- Every change, as it was made: the stage's name and number are copied, so the history
-- still reads right after a stage is renamed, moved or removed.
CREATE TABLE school_journey_changes (
    id             bigserial PRIMARY KEY,
    school_id      bigint NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    element_id     bigint NOT NULL REFERENCES journey_elements (id) ON DELETE CASCADE,
    stage_position integer NOT NULL,
    stage_name     text NOT NULL,
    note_html      text NOT NULL DEFAULT '',
    set_by         bigint REFERENCES users (id) ON DELETE SET NULL,
    set_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX school_journey_changes_school_idx ON school_journey_changes (school_id, element_id, set_at DESC, id DESC);

ALTER TABLE threads ADD COLUMN journey_element_id bigint REFERENCES journey_elements (id) ON DELETE SET NULL;
CREATE INDEX threads_journey_element_idx ON threads (journey_element_id, last_posted_at DESC)
    WHERE journey_element_id IS NOT NULL;
