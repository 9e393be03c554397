#!/usr/bin/env bash
# Thread-page throughput: release build, a private cluster in a temp folder, the demo content,
# a 50-post thread, a signed-in cookie, then wrk (-t2 -c32 -d10s by default).
# Usage: bench/thread-page.sh [wrk args...]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk"; exit 1; }
swift build -c release >/dev/null
bin=.build/release/roundtable
data=$(mktemp -d /tmp/roundtable-bench-XXXX)
chmod 755 "$data"  # the postgres user must reach the cluster inside
port=${BENCH_PORT:-8099}
base="http://127.0.0.1:$port"
jar="$data/cookies"
cleanup() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -rf "$data"; }
$bin seed --demo --data-dir "$data" >/dev/null
RATE_LIMIT_POSTS=1000 RATE_LIMIT_SIGNIN=1000 LOG_LEVEL=warning $bin serve --data-dir "$data" --port "$port" &
server=$!
trap cleanup EXIT
for _ in $(seq 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
token=$(curl -sf -c "$jar" "$base/login" | csrf)
curl -sf -b "$jar" -c "$jar" -o /dev/null "$base/login" \
  --data-urlencode "email=sam@riverbend.example" --data-urlencode "password=demo-member-pass-2026" --data-urlencode "_csrf=$token"
token=$(curl -sf -b "$jar" "$base/" | csrf)
thread=$(curl -sf -b "$jar" -o /dev/null -w '%{redirect_url}' "$base/c/general/new" \
  --data-urlencode "title=Benchmark thread" --data-urlencode "body=First post" --data-urlencode "_csrf=$token")
path=${thread#$base}
id=$(echo "$path" | cut -d/ -f3)
for i in $(seq 2 50); do
  curl -sf -b "$jar" -o /dev/null "$base/t/$id/reply" \
    --data-urlencode "body=Reply number $i: a paragraph of ordinary length about rubrics, standards and what students said." \
    --data-urlencode "_csrf=$token"
done
session=$(awk '$6 == "rt_session" { print $7 }' "$jar")
posts=$(curl -sf -b "$jar" "$base$path" | grep -c '<article id="p')
echo "thread page $path with $posts posts; server pid $server"
wrk -t2 -c32 -d10s --latency -H "Cookie: rt_session=$session" "$base$path" | tee "$data/wrk.txt"
echo "peak RSS of serve: $(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MB"}')"
