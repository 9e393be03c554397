#!/usr/bin/env bash
# Issue 13's streaming uploads: four members each reply with five 10 MiB files (50 MiB a
# request) at the same time; prints each upload's status and time, the server's peak RSS
# (VmHWM), which should stay under 300 MB (bodies are parsed as they arrive and files spooled
# to disk, then copied into PostgreSQL a 256 KiB chunk at a time), and how many files the
# database holds afterwards (20 when all four uploads were stored), so the figure is for
# real uploads.
# Usage: bench/upload-memory.sh   (BENCH_BIN=.build/release/roundtable, else the debug build;
# BENCH_PORT=8097)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BENCH_BIN:-.build/release/roundtable}
[ -x "$bin" ] || bin=.build/debug/roundtable
[ -x "$bin" ] || swift build >/dev/null
port=${BENCH_PORT:-8097}
base="http://127.0.0.1:$port"
data=$(mktemp -d /tmp/roundtable-uploads-XXXX); chmod 755 "$data"
server=""
cleanup() { if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; rm -rf "$data"; }
trap cleanup EXIT
$bin seed --demo --data-dir "$data" >/dev/null
RATE_LIMIT_POSTS=100 LOG_LEVEL=warning $bin serve --data-dir "$data" --port "$port" &
server=$!
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
echo "server $bin, RSS before uploads: $(awk '/VmRSS/ { printf "%.0f MB", $2/1024 }' /proc/$server/status)"
csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
# Five distinct 10 MiB PDFs (header, filler, trailer): accepted as PDF by the kind check.
for i in 1 2 3 4 5; do
  { printf '%%PDF-1.4\n'; head -c $((10 * 1024 * 1024 - 16)) /dev/zero | tr '\0' "$i"; printf '\n%%%%EOF\n'; } > "$data/file$i.pdf"
done
for who in ada maya sam lee; do
  jar="$data/$who"
  token=$(curl -sf -c "$jar" "$base/login" | csrf)
  email=$(case $who in ada) echo ada@harbor.example;; maya) echo maya@northfield.example;; sam) echo sam@riverbend.example;; lee) echo lee@harbor.example;; esac)
  curl -sf -b "$jar" -c "$jar" -o /dev/null "$base/login" --data-urlencode "email=$email" \
    --data-urlencode "password=$(case $who in ada) echo demo-admin-pass-2026;; maya) echo demo-moderator-pass-2026;; *) echo demo-member-pass-2026;; esac)" \
    --data-urlencode "_csrf=$token" || true
done
psql_cluster() {
  local run=(); [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  "${run[@]}" psql -h "$data/run" -d roundtable -X -q -At -v ON_ERROR_STOP=1 "$@"
}
thread=$(curl -sf -b "$data/sam" "$base/c/general" | grep -o 'href="/t/[0-9]*' | head -1 | sed 's/.*\/t\///')
upload() {
  local jar="$data/$1" token
  token=$(curl -sf -b "$jar" "$base/t/$thread" | csrf)
  curl -s -o /dev/null -w "upload $1: %{http_code} in %{time_total}s (%{size_upload} bytes)\n" -b "$jar" "$base/t/$thread/reply" \
    -F "_csrf=$token" -F "body=Five files of 10 MiB" \
    -F "files=@$data/file1.pdf" -F "files=@$data/file2.pdf" -F "files=@$data/file3.pdf" \
    -F "files=@$data/file4.pdf" -F "files=@$data/file5.pdf"
}
before=$(psql_cluster -c 'SELECT count(*) FROM attachments')
uploads=()
for who in ada maya sam lee; do upload "$who" & uploads+=($!); done
# Each upload prints its own status line; one that fails (curl cut off) must not stop the
# script before the figures below.
failed=0
for pid in "${uploads[@]}"; do wait "$pid" || failed=$((failed + 1)); done
[ "$failed" = 0 ] || echo "$failed upload(s) failed to complete (see their lines above)"
awk '/VmHWM/ { printf "peak RSS of the server (VmHWM) after four concurrent 50 MiB uploads: %.0f MB\n", $2/1024 }' /proc/$server/status
echo "attachments stored by the uploads: $(( $(psql_cluster -c 'SELECT count(*) FROM attachments') - before )) files (20 expected)," \
  "$(psql_cluster -c "SELECT pg_size_pretty(sum(byte_size)) FROM attachments WHERE filename LIKE 'file_.pdf'") in file?.pdf"
