#!/usr/bin/env bash
# Throughput on generated content: release build, a private cluster in a temp folder,
# `seed --scale N` (BENCH_POSTS, default 100000), then wrk against home, a category, a 50-post
# thread and search, signed in. Prints req/s, p50, p99 per page and the server's peak RSS.
# Usage: bench/scale.sh    (BENCH_POSTS=1000000 BENCH_DURATION=10s BENCH_PORT=8099 to change)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
posts=${BENCH_POSTS:-100000}
duration=${BENCH_DURATION:-10s}
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then swift build -c release >/dev/null; fi
bin=${BENCH_BIN:-.build/release/roundtable}
data=$(mktemp -d /tmp/roundtable-bench-XXXX)
chmod 755 "$data"  # the postgres user must reach the cluster inside
port=${BENCH_PORT:-8099}
base="http://127.0.0.1:$port"
jar="$data/cookies"
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

start=$(date +%s)
seed_output=$($bin seed --scale "$posts" --data-dir "$data")
echo "$seed_output"
echo "seeding took $(( $(date +%s) - start ))s"
thread=$(echo "$seed_output" | grep -o '/t/[0-9]*' | head -1)

RATE_LIMIT_POSTS=100000 RATE_LIMIT_SIGNIN=100000 LOG_LEVEL=warning $bin serve --data-dir "$data" --port "$port" &
server=$!
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
token=$(curl -sf -c "$jar" "$base/login" | csrf)
curl -sf -b "$jar" -c "$jar" -o /dev/null "$base/login" \
  --data-urlencode "email=scale1@scale.example" --data-urlencode "password=scale-member-pass-2026" --data-urlencode "_csrf=$token"
session=$(awk '$6 == "rt_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "sign-in failed"; exit 1; }
echo "thread $thread has $(curl -sf -b "$jar" "$base$thread" | grep -c '<article id="p') posts on its first page"

printf '%-22s %10s %10s %10s\n' page req/s p50 p99
for path in / /c/scale "$thread" "/search?q=rubric+pacing"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base$path")
  [ "$status" = 200 ] || { echo "$path answered $status"; exit 1; }
  out=$(wrk -t2 -c32 -d"$duration" --latency -H "Cookie: rt_session=$session" "$base$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  errors=$(echo "$out" | grep -E 'Non-2xx|Socket errors' || true)
  printf '%-22s %10s %10s %10s %s\n' "$path" "$rps" "$p50" "$p99" "$errors"
done
echo "peak RSS of serve: $(awk '/VmHWM/ { printf "%.0f MB", $2/1024 }' /proc/$server/status)"
echo "data dir size: $(du -sh "$data" | cut -f1)"
