#!/usr/bin/env bash
# Issue 9's stall: while four members preview hostile 50,000-character posts over and over,
# how long does /healthz take? Prints the preview times and the health checks' p50/max.
# Usage: bench/hostile-preview.sh   (BENCH_BIN=.build/release/roundtable, BENCH_PORT=8096)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BENCH_BIN:-.build/release/roundtable}
[ -x "$bin" ] || swift build -c release >/dev/null
port=${BENCH_PORT:-8096}
base="http://127.0.0.1:$port"
data=$(mktemp -d /tmp/roundtable-hostile-XXXX); chmod 755 "$data"
server=""
cleanup() { if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$data"; }
trap cleanup EXIT
$bin seed --demo --data-dir "$data" >/dev/null
LOG_LEVEL=warning $bin serve --data-dir "$data" --port "$port" &
server=$!
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
python3 - "$data/body" <<'PY'
import sys
open(sys.argv[1], "w").write("www.a_" * 8333)
PY
for who in ada maya sam lee; do
  jar="$data/$who"
  token=$(curl -sf -c "$jar" "$base/login" | csrf)
  email=$(case $who in ada) echo ada@harbor.example;; maya) echo maya@northfield.example;; sam) echo sam@riverbend.example;; lee) echo lee@harbor.example;; esac)
  curl -sf -b "$jar" -c "$jar" -o /dev/null "$base/login" --data-urlencode "email=$email" \
    --data-urlencode "password=$(case $who in ada) echo demo-admin-pass-2026;; maya) echo demo-moderator-pass-2026;; *) echo demo-member-pass-2026;; esac)" \
    --data-urlencode "_csrf=$token" || true
done
preview() {
  local jar="$data/$1" token
  token=$(curl -sf -b "$jar" "$base/c/general/new" | csrf)
  for _ in 1 2 3; do
    curl -s -o /dev/null -w "preview $1: %{http_code} in %{time_total}s\n" -b "$jar" "$base/c/general/new" \
      --data-urlencode "title=Hostile" --data-urlencode "body@$data/body" --data-urlencode "preview=1" --data-urlencode "_csrf=$token"
  done
}
previews=()
for who in ada maya sam lee; do preview "$who" & previews+=($!); done
: > "$data/health"
for _ in $(seq 60); do curl -s -o /dev/null -w '%{time_total}\n' "$base/healthz" >> "$data/health"; sleep 0.05; done
wait "${previews[@]}"
sort -n "$data/health" | awk '{ a[NR] = $1 } END { printf "healthz during hostile previews: p50 %.1f ms, max %.1f ms (%d checks)\n", a[int(NR/2)+1]*1000, a[NR]*1000, NR }'
