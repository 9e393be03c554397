#!/usr/bin/env bash
# Durability under a crash: four clients post replies as fast as they can, `serve` is killed
# with SIGKILL mid-stream, started again on the same data directory, and every reply that was
# answered 303 must be on the thread page its redirect named.
# Usage: bench/crash-recovery.sh   (ROUNDTABLE_BIN to pick a binary; the debug build by default)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ROUNDTABLE_BIN:-.build/debug/roundtable}
data=$(mktemp -d /tmp/roundtable-crash-XXXX)
chmod 755 "$data"  # the postgres user must reach the cluster inside
port=${CRASH_PORT:-8097}
base="http://127.0.0.1:$port"
jar="$data/cookies"
server=""
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
stop_cluster() {
  [ -f "$data/postgres/postmaster.pid" ] || return 0
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pgbin/pg_ctl" -D "$data/postgres" -m fast -w stop >/dev/null || true
  else "$pgbin/pg_ctl" -D "$data/postgres" -m fast -w stop >/dev/null || true; fi
}
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  stop_cluster
  rm -rf "$data"
}
trap cleanup EXIT
start_server() {
  RATE_LIMIT_POSTS=100000 RATE_LIMIT_SIGNIN=100000 LOG_LEVEL=warning \
    "$bin" serve --data-dir "$data" --port "$port" >>"$data/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 150); do curl -sf "$base/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "serve did not come up"; exit 1
}

"$bin" seed --demo --data-dir "$data" >/dev/null
start_server
csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
token=$(curl -sf -c "$jar" "$base/login" | csrf)
curl -sf -b "$jar" -c "$jar" -o /dev/null "$base/login" \
  --data-urlencode "email=sam@riverbend.example" --data-urlencode "password=demo-member-pass-2026" --data-urlencode "_csrf=$token"
token=$(curl -sf -b "$jar" "$base/" | csrf)
thread=$(curl -sf -b "$jar" -o /dev/null -w '%{redirect_url}' "$base/c/general/new" \
  --data-urlencode "title=Crash test" --data-urlencode "body=First post" --data-urlencode "_csrf=$token")
id=$(echo "${thread#$base}" | cut -d/ -f3)

for worker in 1 2 3 4; do
  (
    for i in $(seq 1 100000); do
      answer=$(curl -s -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' --max-time 5 "$base/t/$id/reply" \
        --data-urlencode "body=crash test reply $worker-$i" --data-urlencode "_csrf=$token") || break
      case "$answer" in 303*) echo "${answer#303 }" >> "$data/acknowledged-$worker" ;; *) break ;; esac
    done
  ) &
done
sleep "${CRASH_AFTER:-3}"
kill -KILL "$server"; wait "$server" 2>/dev/null || true; server=""
wait  # the clients stop at their first failed request
acknowledged=$(cat "$data"/acknowledged-* 2>/dev/null | wc -l)
echo "serve killed with SIGKILL after $acknowledged acknowledged replies"

start_server
missing=0
while read -r location; do
  post=${location##*#p}
  page=${location#$base}
  page=${page%%#*}
  curl -sf -b "$jar" "$base$page" > "$data/page.html" || true
  grep -q "<article id=\"p$post\"" "$data/page.html" || { echo "missing: post $post ($page)"; missing=$((missing + 1)); }
done < <(cat "$data"/acknowledged-*)
if [ "$acknowledged" -eq 0 ]; then echo "FAIL: no reply was acknowledged before the kill"; exit 1; fi
if [ "$missing" -gt 0 ]; then echo "FAIL: $missing of $acknowledged acknowledged replies are missing"; exit 1; fi
echo "OK: all $acknowledged acknowledged replies are present after the restart"
