-- Ranked search that does not read every match. With the RUM extension (Debian's
-- postgresql-15-rum) the posts' search vectors get a RUM index, which returns matches already
-- ordered by rank (`search_vector <=> query`), so the best twenty cost the same whether a word
-- matches ten posts or a hundred thousand. Without it (a managed PostgreSQL, a role that may not
-- create extensions) the GIN index stays and search ranks a bounded set of the newest matches
-- instead. `search_settings` records which, for the application and its log.
-- `roundtable.search_index = 'gin'` (PGOPTIONS='-c roundtable.search_index=gin') chooses GIN on
-- purpose: the tests and the benchmark measure both.
CREATE TABLE search_settings (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    index_kind text NOT NULL CHECK (index_kind IN ('rum', 'gin')),
    reason text NOT NULL
);

DO $$
DECLARE
    chosen text := 'gin';
    why text;
BEGIN
    IF coalesce(current_setting('roundtable.search_index', true), '') = 'gin' THEN
        why := 'roundtable.search_index = gin was set';
    ELSIF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
        why := 'the rum extension is not installed on this server';
    ELSE
        BEGIN
            CREATE EXTENSION IF NOT EXISTS rum;
            CREATE INDEX posts_search_rum_idx ON posts USING rum (search_vector rum_tsvector_ops);
            DROP INDEX posts_search_idx;
            chosen := 'rum';
            why := 'the rum extension is available';
        EXCEPTION WHEN insufficient_privilege THEN
            why := 'this role may not create the rum extension: ' || SQLERRM;
        END;
    END IF;
    INSERT INTO search_settings (index_kind, reason) VALUES (chosen, why);
END $$;
