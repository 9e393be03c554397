#!/usr/bin/env bash
# Search latency and throughput on generated content (issue 11): release build, a private cluster,
# `seed --scale N` (BENCH_POSTS, default 100000), then per query of a mix (most common word, a
# mid-frequency word, a rare word, two words, a phrase, an exclusion, a deep page, a filtered
# search) the p50/p95/max of BENCH_RUNS sequential requests, the p95 over the whole mix, and
# `wrk -t2 -c16` on the most common word. The mix is measured with kept results turned off
# (SEARCH_CACHE_ENTRIES=0: every request searches the database); wrk runs both without and with
# them. Runs once with RUM (when the extension is installed) and once more with GIN alone (the
# fallback), the indexes swapped in place.
# Usage: bench/search.sh   (BENCH_POSTS=1000000; BENCH_DATA=dir reuses a seeded data dir;
#                           BENCH_SKIP_BUILD=1 BENCH_BIN=path; BENCH_INDEXES="rum gin")
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
posts=${BENCH_POSTS:-100000}
runs=${BENCH_RUNS:-40}
indexes=${BENCH_INDEXES:-rum gin}
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then swift build -c release --product roundtable >/dev/null; fi
bin=${BENCH_BIN:-.build/release/roundtable}
port=${BENCH_PORT:-8098}
base="http://127.0.0.1:$port"
server=""
if [ -n "${BENCH_DATA:-}" ]; then data=$BENCH_DATA; keep=1; else data=$(mktemp -d /tmp/roundtable-search-bench-XXXX); keep=""; fi
chmod 755 "$data"
jar="$data/bench-cookies"
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -z "$keep" ]; then rm -rf "$data"; fi
}
trap cleanup EXIT

start=$(date +%s)
$bin seed --scale "$posts" --data-dir "$data" | head -1
echo "seeding took $(( $(date +%s) - start ))s"

psql_cluster() {
  local run=(); [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  "${run[@]}" psql -h "$data/run" -d roundtable -X -q -v ON_ERROR_STOP=1 "$@"
}

serve() {  # $1: SEARCH_CACHE_ENTRIES
  SEARCH_CACHE_ENTRIES=$1 RATE_LIMIT_POSTS=100000 RATE_LIMIT_SIGNIN=100000 LOG_LEVEL=warning $bin serve --data-dir "$data" --port "$port" &
  server=$!
  for _ in $(seq 150); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
  csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
  local token; token=$(curl -sf -c "$jar" "$base/login" | csrf)
  curl -sf -b "$jar" -c "$jar" -o /dev/null "$base/login" \
    --data-urlencode "email=scale1@scale.example" --data-urlencode "password=scale-member-pass-2026" --data-urlencode "_csrf=$token"
  session=$(awk '$6 == "rt_session" { print $7 }' "$jar")
  [ -n "$session" ] || { echo "sign-in failed"; exit 1; }
}

stop() { kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=""; }

# The generator's vocabulary (Sources/Forum/Setup/ScaleVocabulary.swift) makes "students" the
# commonest content word, "calibration" a mid-frequency one, and "basilmarri" one of its rare
# made-up names (rank 150,000 of the tail: a post or two at a million).
queries=(
  "most common|q=students"
  "mid word|q=calibration"
  "rare word|q=basilmarri"
  "two words|q=students+grading"
  "phrase|q=%22mastery+transcript%22"
  "exclusion|q=students+-homework"
  "newest first|q=students&order=newest"
  "page 40|q=students&page=40"
  "one school|q=grading&school=scale-school-2"
)

percentile() { sort -n | awk -v p="$1" '{ a[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.1f", a[i] * 1000 }'; }

throughput() {  # $1: label
  local out; out=$(wrk -t2 -c16 -d"${BENCH_DURATION:-10s}" --latency -H "Cookie: rt_session=$session" "$base/search?q=students")
  echo "wrk -t2 -c16 q=students, $1: $(echo "$out" | awk '/Requests\/sec/ { print $2 }') req/s, p50 $(echo "$out" | awk '$1 == "50%" { print $2 }'), p99 $(echo "$out" | awk '$1 == "99%" { print $2 }') $(echo "$out" | grep -E 'Non-2xx|Socket errors' || true)"
}

for index in $indexes; do
  serve 0  # the private cluster runs while serve does
  if [ "$index" = gin ]; then
    echo "swapping in GIN alone (the fallback without RUM)..."
    psql_cluster <<'SQL'
SET statement_timeout = 0;
DROP INDEX IF EXISTS posts_search_rum_idx;
DO $$ BEGIN  -- the window index (sql/101) answers plain searches too
    IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'posts_search_window_idx') THEN
        CREATE INDEX IF NOT EXISTS posts_search_idx ON posts USING gin (search_vector);
    END IF;
END $$;
UPDATE search_settings SET index_kind = 'gin', reason = 'swapped in by bench/search.sh';
SQL
  elif [ "$(psql_cluster -At -c "SELECT count(*) FROM pg_indexes WHERE indexname = 'posts_search_rum_idx'")" = 0 ]; then
    echo "building the RUM index again (an earlier run left GIN alone)..."
    psql_cluster <<'SQL'
SET statement_timeout = 0;
SET maintenance_work_mem = '512MB';
CREATE INDEX posts_search_rum_idx ON posts USING rum (search_vector rum_tsvector_ops);
UPDATE search_settings SET index_kind = 'rum', reason = 'swapped in by bench/search.sh';
SQL
  fi
  # Statistics as a running forum has them, and the index build's writes flushed, so that no
  # checkpoint lands inside the measurement.
  psql_cluster -c "ANALYZE posts" -c "CHECKPOINT" >/dev/null
  # Every serve starts the private cluster afresh: read the mix through a few times first, so
  # that what is measured is a running forum's (warm caches), not a cold start's.
  for _ in 1 2 3; do
    for entry in "${queries[@]}"; do curl -s -o /dev/null -H "Cookie: rt_session=$session" "$base/search?${entry#*|}"; done
  done
  echo "== $posts posts, index: $(psql_cluster -At -c 'SELECT index_kind FROM search_settings'), kept results off"
  printf '%-14s %8s %8s %8s  %s\n' query p50ms p95ms maxms results
  all=$(mktemp)
  for entry in "${queries[@]}"; do
    name=${entry%%|*}; query=${entry#*|}
    times=$(mktemp)
    for _ in $(seq "$runs"); do
      curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: rt_session=$session" "$base/search?$query" >> "$times"
    done
    # The target's mix is the first six; "newest first", "page 40" and "one school" are extra.
    case $name in "newest first"|"page 40"|"one school") ;; *) cat "$times" >> "$all" ;; esac
    found=$(curl -s -H "Cookie: rt_session=$session" "$base/search?$query" | grep -o 'More than [0-9,]* results\|[0-9,]* results\?\|No posts match' | head -1)
    printf '%-14s %8s %8s %8s  %s\n' "$name" "$(percentile 50 < "$times")" "$(percentile 95 < "$times")" "$(percentile 100 < "$times")" "$found"
    rm -f "$times"
  done
  echo "p95 over the mix (the first six queries): $(percentile 95 < "$all") ms"
  rm -f "$all"
  throughput "kept results off"
  stop
  serve 2000
  throughput "kept results on"
  stop
done
