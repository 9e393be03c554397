-- A counter of changes that can alter what a search shows (a post written, edited, hidden,
-- deleted or moved; a thread or category changed; a member renamed or moved school), so that
-- `serve` may keep recent results and still never show a result a change has made wrong:
-- a kept result is used only while the counter is where it was when the result was read.
--
-- The counter is bumped by deferred triggers, so at commit and in the same transaction as the
-- change: a reader sees the new count exactly when it can see the change. (A sequence would be
-- bumped before commit, and a result read in between kept as if current: after a post was
-- hidden, its text could be shown from memory.) Its row lock is taken last in a transaction,
-- at commit, by which time the transaction waits for nothing else, so it cannot deadlock;
-- writers to posts do queue on it for the length of a commit.
CREATE TABLE search_generation (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    n bigint NOT NULL
);
INSERT INTO search_generation (n) VALUES (0);

CREATE FUNCTION bump_search_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction: a bulk statement fires this for every row.
    IF current_setting('roundtable.search_generation_bumped', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('roundtable.search_generation_bumped', txid_current()::text, true);
        UPDATE search_generation SET n = n + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER posts_search_generation AFTER INSERT OR UPDATE OR DELETE ON posts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_search_generation();
CREATE CONSTRAINT TRIGGER threads_search_generation AFTER UPDATE OR DELETE ON threads
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_search_generation();
CREATE CONSTRAINT TRIGGER categories_search_generation AFTER UPDATE OR DELETE ON categories
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_search_generation();
CREATE CONSTRAINT TRIGGER users_search_generation AFTER UPDATE OF username, school_id ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_search_generation();
CREATE CONSTRAINT TRIGGER schools_search_generation AFTER UPDATE OR DELETE ON schools
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_search_generation();
CREATE CONSTRAINT TRIGGER journey_elements_search_generation AFTER UPDATE OR DELETE ON journey_elements
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_search_generation();
