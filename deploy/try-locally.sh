#!/usr/bin/env bash
# Scale-out smoke test on one machine: a PostgreSQL cluster, two `roundtable serve` processes on
# one DATABASE_URL and nginx (plain HTTP, no TLS) in front. Signs in through nginx, posts, reads
# the thread back many times, and shows that both processes answered. Stops everything at the end.
# Usage: deploy/try-locally.sh   (needs nginx and the debug build; ROUNDTABLE_BIN to change)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${ROUNDTABLE_BIN:-.build/debug/roundtable}")
command -v nginx >/dev/null || { echo "nginx missing: apt-get install -y nginx"; exit 1; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/roundtable-deploy-XXXX)
chmod 755 "$work"
front=${DEPLOY_PORT:-8180}; one=$((front + 1)); two=$((front + 2))
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -f "$work/pg/postmaster.pid" ] && as_postgres "$pgbin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null || true
  sleep 0.5; rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/pg" "$work/run"
[ "$(id -u)" = 0 ] && chown postgres "$work/pg" "$work/run"
as_postgres "$pgbin/initdb" -D "$work/pg" -U postgres -A trust >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$work/pg" -l "$work/run/pg.log" -w -o "-k $work/run -c listen_addresses=''" start >/dev/null
as_postgres "$pgbin/createdb" -h "$work/run" -U postgres roundtable
export DATABASE_URL="postgresql:///roundtable?host=$work/run&user=postgres"
export BASE_URL="http://127.0.0.1:$front" TRUST_PROXY=1 LOG_LEVEL=warning

"$bin" seed --demo >/dev/null
for port in $one $two; do
  "$bin" serve --port "$port" >>"$work/serve-$port.log" 2>&1 &
  pids+=($!)
done
for port in $one $two; do
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done

sed -e "s/127.0.0.1:8081/127.0.0.1:$one/; s/127.0.0.1:8082/127.0.0.1:$two/" deploy/nginx.conf \
  | awk '/^server \{/ { exit } { print }' > "$work/upstream.conf"
cat > "$work/nginx.conf" <<CONF
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events {}
http {
    access_log off;
    client_body_temp_path $work/body; proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
    include $work/upstream.conf;
    server {
        listen 127.0.0.1:$front;
        client_max_body_size 3m;
        location / {
            proxy_pass http://roundtable;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_next_upstream error timeout http_502 http_503;
            add_header X-Upstream \$upstream_addr always;
        }
    }
}
CONF
nginx -c "$work/nginx.conf"

base="http://127.0.0.1:$front"; jar="$work/cookies"
csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
token=$(curl -sf -c "$jar" "$base/login" | csrf)
curl -sf -b "$jar" -c "$jar" -o /dev/null "$base/login" \
  --data-urlencode "email=sam@riverbend.example" --data-urlencode "password=demo-member-pass-2026" --data-urlencode "_csrf=$token"
token=$(curl -sf -b "$jar" "$base/" | csrf)
thread=$(curl -sf -b "$jar" -o /dev/null -w '%{redirect_url}' "$base/c/general/new" \
  --data-urlencode "title=Posted through nginx" --data-urlencode "body=Hello from behind the proxy" --data-urlencode "_csrf=$token")
path=${thread#"$base"}
for _ in $(seq 20); do
  curl -s -b "$jar" -D - -o "$work/page.html" "$base$path" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-upstream" { print $2 }' >> "$work/upstreams"
  grep -q "Hello from behind the proxy" "$work/page.html" || { echo "FAIL: the thread is missing on one process"; exit 1; }
done
served=$(sort -u "$work/upstreams" | wc -l)
sort "$work/upstreams" | uniq -c
[ "$served" = 2 ] || { echo "FAIL: only $served process answered"; exit 1; }

# One process stops: the other keeps the forum up, and the session still works there.
kill -TERM "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
for _ in $(seq 5); do
  status=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "$base$path")
  [ "$status" = 200 ] || { echo "FAIL: $status with one process stopped"; exit 1; }
done
echo "OK: both processes served one session; the forum stayed up with one stopped"
