-- Searches whose words match too many posts to rank them all, and too few to find a page of
-- them quickly by reading posts newest first, look at a window of the newest posts instead:
-- the matches in the window come from a bitmap of the search index ANDed with a bitmap of the
-- window's id range. RUM's own bitmaps are slow (its posting lists carry word positions), so
-- with RUM a GIN index is kept as well, for bitmaps; RUM still ranks the searches whose matches
-- are few enough to rank them all inside the index. A BRIN index gives the id range as a bitmap
-- of a few pages at any window size (a B-tree bitmap of 200,000 ids costs ~30 ms).
CREATE INDEX IF NOT EXISTS posts_search_idx ON posts USING gin (search_vector);
CREATE INDEX IF NOT EXISTS posts_id_brin_idx ON posts USING brin (id) WITH (pages_per_range = 16, autosummarize = on);
