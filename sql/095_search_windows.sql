-- Searches whose words match too many posts to rank them all look at a window of the newest
-- posts instead (Search.Strategy): the matches among posts with id >= some start. One GIN index
-- over the search vector and the post's id in buckets of 1,024 (btree_gin) finds them exactly,
-- reading the words' entries only where they meet the window's few bucket keys: 20 ms for the
-- newest ~35,000 posts at a million, against 45 ms for ANDing a GIN bitmap of all the word's
-- matches with a bitmap of the range, which also goes lossy. It answers plain searches too, so
-- it replaces the GIN index; with RUM it sits beside it (RUM ranks the searches with few
-- matches inside the index; its own bitmaps are slow, its posting lists carrying positions).
--
-- Where btree_gin can't be created (not installed, or this role may not), a plain GIN index
-- and a BRIN index over the id (a bitmap of a range at any width for a few pages) do the same
-- job more slowly. `search_settings.window_index` records which;
-- `roundtable.search_window = 'brin'` (PGOPTIONS) chooses the fallback on purpose, for tests.
ALTER TABLE search_settings ADD COLUMN window_index text NOT NULL DEFAULT 'gin+brin'
    CHECK (window_index IN ('gin-buckets', 'gin+brin'));

DO $$
BEGIN
    BEGIN
        IF coalesce(current_setting('roundtable.search_window', true), '') = 'brin' THEN
            RAISE EXCEPTION 'roundtable.search_window = brin was set' USING ERRCODE = 'feature_not_supported';
        END IF;
        CREATE EXTENSION IF NOT EXISTS btree_gin;
        CREATE INDEX posts_search_window_idx ON posts USING gin (search_vector, (id / 1024));
        DROP INDEX IF EXISTS posts_search_idx;
        UPDATE search_settings SET window_index = 'gin-buckets';
    EXCEPTION WHEN insufficient_privilege OR undefined_file OR undefined_object OR feature_not_supported THEN
        CREATE INDEX IF NOT EXISTS posts_search_idx ON posts USING gin (search_vector);
        CREATE INDEX IF NOT EXISTS posts_id_brin_idx ON posts USING brin (id) WITH (pages_per_range = 16, autosummarize = on);
    END;
END $$;
