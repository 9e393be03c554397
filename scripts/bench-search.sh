#!/usr/bin/env bash
# Measures the latency of /search's query (the SQL in Sources/Forum/Search.swift) over generated
# posts, on a throwaway private PostgreSQL cluster it starts and removes itself.
#   scripts/bench-search.sh            # 100,000 posts, 300 queries
#   POSTS=20000 QUERIES=100 scripts/bench-search.sh
# Prints p50/p95/max over the queries, as measured by pgbench (-l per-transaction log).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
POSTS=${POSTS:-100000}
QUERIES=${QUERIES:-300}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$BIN/initdb" ] || { echo "PostgreSQL server programs not found under /usr/lib/postgresql" >&2; exit 1; }
WORK=$(mktemp -d /tmp/rt-bench-search.XXXXXX)
RUN=()
if [ "$(id -u)" = 0 ]; then
    # initdb and postgres refuse to run as root.
    RUN=(runuser -u postgres --)
    chown postgres "$WORK"
fi

stop() {
    "${RUN[@]}" "$BIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap stop EXIT

"${RUN[@]}" "$BIN/initdb" -D "$WORK/data" -A trust -U postgres >/dev/null
"${RUN[@]}" "$BIN/pg_ctl" -D "$WORK/data" -l "$WORK/data/log" -w \
    -o "-k $WORK -c listen_addresses='' -c shared_buffers=128MB" start >/dev/null
PSQL=(psql -h "$WORK" -U postgres -d postgres -v ON_ERROR_STOP=1 -q -X)

for migration in "$ROOT"/sql/*.sql; do
    "${PSQL[@]}" -1 -f "$migration" >/dev/null
done

echo "generating $POSTS posts..."
start=$(date +%s)
"${PSQL[@]}" -v posts="$POSTS" <<'SQL'
-- A vocabulary of school words plus a long tail of rarer pseudo-words.
CREATE TABLE bench_words (id serial PRIMARY KEY, word text NOT NULL);
INSERT INTO bench_words (word)
SELECT unnest(string_to_array(
  'lesson plan students teacher classroom reading writing maths science history geography art music '
  'assessment feedback homework project group discussion curriculum unit rubric grade exam test quiz '
  'photosynthesis fractions algebra geometry poetry novel essay grammar vocabulary spelling phonics '
  'experiment laboratory microscope chemistry physics biology ecology climate volcano earthquake river '
  'timeline revolution empire democracy election parliament map continent ocean weather energy circuit '
  'robot coding programming spreadsheet presentation debate drama theatre choir orchestra painting '
  'sculpture pottery football swimming athletics gymnastics health nutrition wellbeing behaviour '
  'attendance parents meeting report inclusion differentiation scaffolding modelling questioning '
  'retrieval practice spaced interleaving metacognition motivation engagement collaboration '
  'observation mentoring coaching induction workload planning marking moderation standards', ' '));
INSERT INTO bench_words (word) SELECT 'term' || g FROM generate_series(1, 2000) g;

INSERT INTO schools (slug, name) VALUES ('bench', 'Bench School');
INSERT INTO users (email, username, name, role, school_id, password_hash)
SELECT 'u' || g || '@example.org', 'user' || g, 'User ' || g,
       CASE WHEN g <= 5 THEN 'moderator' ELSE 'member' END, 1, 'x'
FROM generate_series(1, 300) g;
INSERT INTO categories (slug, name, visibility, position) VALUES
  ('general', 'General', 'members', 1), ('teaching', 'Teaching', 'members', 2), ('staff', 'Staff', 'moderators', 3);

-- Ten posts per thread.
INSERT INTO threads (category_id, author_id, title, slug, kind, feedback_status, post_count)
SELECT 1 + (g % 3), 1 + (g % 300),
       (SELECT word FROM bench_words WHERE id = 1 + (g % 150)) || ' ' || (SELECT word FROM bench_words WHERE id = 1 + ((g * 7) % 150))
           || ' ' || g,
       'thread-' || g, 'discussion', NULL, 10
FROM generate_series(1, :posts / 10) g;

INSERT INTO posts (thread_id, author_id, position, body_source, body_html, created_at)
SELECT t.id, 1 + ((t.id * 7 + p) % 300), p, body.text, '<p>' || body.text || '</p>',
       now() - make_interval(mins => (t.id * 10 + p)::int)
FROM threads t
CROSS JOIN generate_series(1, 10) p
CROSS JOIN LATERAL (
    -- Three words in four from the common vocabulary, one from the whole list.
    SELECT string_agg(w.word, ' ' ORDER BY r.i) AS text
    FROM (SELECT i, 1 + floor(random() * (CASE WHEN i % 4 = 0 THEN 2150 ELSE 150 END))::int AS word_id
          FROM generate_series(1, 30 + (t.id + p) % 60) i) r
    JOIN bench_words w ON w.id = r.word_id
) body;
-- One post in fifty deleted, as in a living forum.
UPDATE posts SET deleted_at = now() WHERE id % 50 = 0;
VACUUM ANALYZE;
SQL
echo "generated in $(( $(date +%s) - start ))s: $("${PSQL[@]}" -At -c 'SELECT count(*) FROM posts') posts," \
     "$("${PSQL[@]}" -At -c "SELECT pg_size_pretty(pg_relation_size('posts_search_idx'))") GIN index"

# The query Search.run sends, for a member (no moderators-only category), first page of 20.
cat > "$WORK/search.sql" <<'SQL'
\set a random(1, 150)
\set b random(1, 2150)
\set kind random(1, 3)
WITH input AS (SELECT CASE :kind WHEN 1 THEN (SELECT word FROM bench_words WHERE id = :a)
                                 WHEN 2 THEN (SELECT word FROM bench_words WHERE id = :a) || ' ' || (SELECT word FROM bench_words WHERE id = :b)
                                 ELSE '"' || (SELECT word FROM bench_words WHERE id = :a) || ' ' || (SELECT word FROM bench_words WHERE id = :b) || '" -exam'
                            END AS text),
q AS (SELECT websearch_to_tsquery('english', input.text) AS query FROM input),
matches AS MATERIALIZED (
    SELECT p.id, p.created_at, ts_rank(p.search_vector, q.query) AS rank
    FROM q, posts p
    JOIN threads t ON t.id = p.thread_id
    JOIN categories c ON c.id = t.category_id
    WHERE p.search_vector @@ q.query
      AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND t.deleted_at IS NULL
      AND (c.visibility = 'members' OR false)
      AND ('' = '' OR c.slug = '')
      AND ('' = '' OR p.author_id = (SELECT id FROM users WHERE lower(username) = lower('')))
),
page AS (
    SELECT m.*, (SELECT count(*) FROM matches) AS total FROM matches m
    ORDER BY m.rank DESC, m.created_at DESC, m.id DESC
    LIMIT 20 OFFSET 0
)
SELECT p.id, p.position, p.thread_id, p.created_at, t.slug, t.title, c.slug AS category_slug,
       c.name AS category_name, m.total, u.username,
       ts_headline('english', translate(p.body_source, U&'\E000\E001', ''), q.query,
                   'StartSel=' || U&'\E000' || ', StopSel=' || U&'\E001' || ', MaxWords=35, MinWords=12, MaxFragments=2') AS snippet
FROM page m
JOIN posts p ON p.id = m.id
JOIN threads t ON t.id = p.thread_id
JOIN categories c ON c.id = t.category_id
JOIN users u ON u.id = p.author_id
CROSS JOIN q
ORDER BY m.rank DESC, m.created_at DESC, m.id DESC;
SQL

if [ -n "${EXPLAIN:-}" ]; then
    # The plan of the slowest kind of query: one very common word.
    sed -e 's/:kind/1/; s/:a/1/; s/:b/1/' -e '/^\\set/d' "$WORK/search.sql" | sed '1s/^/EXPLAIN (ANALYZE, BUFFERS) /' | "${PSQL[@]}"
fi
echo "running $QUERIES searches (1 client), a third each of: one word, two words, a quoted phrase with an exclusion..."
# The same query with the kind of input fixed, so the log tells the kinds apart (its 4th column).
for kind in 1 2 3; do
    sed "s/^\\set kind random(1, 3)/\\set kind $kind/" "$WORK/search.sql" >"$WORK/search-$kind.sql"
done
(cd "$WORK" && pgbench -h "$WORK" -U postgres -n -c 1 -t "$QUERIES" \
    -f search-1.sql@1 -f search-2.sql@1 -f search-3.sql@1 -l --log-prefix="$WORK/lat" postgres >"$WORK/pgbench.out")
grep -E "latency average|tps" "$WORK/pgbench.out" || true
percentiles() {
    sort -n | awk -v label="$1" '
        { v[NR] = $1 }
        END {
            if (NR == 0) exit
            p50 = v[int(NR * 0.50) > 0 ? int(NR * 0.50) : 1]; p95 = v[int(NR * 0.95) > 0 ? int(NR * 0.95) : 1]
            printf "%-34s %4d queries: p50 %6.1f ms, p95 %6.1f ms, max %6.1f ms\n", label, NR, p50 / 1000, p95 / 1000, v[NR] / 1000
        }'
}
cat "$WORK"/lat* | awk '$4 == 0 {print $3}' | percentiles "one word"
cat "$WORK"/lat* | awk '$4 == 1 {print $3}' | percentiles "two words (both must match)"
cat "$WORK"/lat* | awk '$4 == 2 {print $3}' | percentiles "\"phrase\" -exclusion"
cat "$WORK"/lat* | awk '{print $3}' | percentiles "all searches"
