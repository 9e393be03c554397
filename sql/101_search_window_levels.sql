-- Windows of the newest posts (Search.Strategy) through one GIN index over the search vector
-- and three keys per post: its id's block of 1,024, of 16,384 and of 262,144 posts, each level
-- in its own range of bigint (offsets 2^61 and 2^62, far above any id / 1024). A window is asked
-- for as the fewest whole blocks that cover it, at most 15 of each of the two smaller sizes
-- (`Search.windowKeys`), then exactly by id.
--
-- sql/095 asked for the window as a range of buckets (`id / 1024 >= n`): GIN answers a range by
-- first collecting every post of the window into a bitmap, so a wide window cost as much as
-- reading all its posts (25 ms for the 206,000 newest posts at a million, for a phrase). Blocks
-- named exactly are read like words: GIN steps through the words' entries and skips through the
-- blocks' (8 ms for the same window). The index needs no extension (core GIN over a bigint
-- array), so there is no fallback any more: it replaces 095's index, the plain GIN index or the
-- BRIN one. With RUM it still sits beside it.
DROP INDEX IF EXISTS posts_search_window_idx;
DROP INDEX IF EXISTS posts_search_idx;
DROP INDEX IF EXISTS posts_id_brin_idx;
CREATE INDEX posts_search_window_idx ON posts USING gin (
    search_vector,
    (ARRAY[id / 1024, 2305843009213693952 + id / 16384, 4611686018427387904 + id / 262144])
);
ALTER TABLE search_settings DROP COLUMN window_index;
