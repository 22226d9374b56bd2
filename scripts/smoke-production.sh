#!/usr/bin/env bash
# The production stack of docs/deployment.md started together on loopback and checked:
#
#   scripts/smoke-production.sh        (PostgreSQL at 127.0.0.1:5432, user postgres, trust)
#
# A fresh PostgreSQL database (its own name, dropped at the end), a secret key file, DEBUG
# off, OPENENFORCE_SECURE=1 as behind the TLS proxy: migrate, collectstatic, `check
# --deploy`, the demo data; then gunicorn (2 workers), the task worker (`db_worker`) and
# the record's checkpoint signer (`ledger checkpoint --watch`) as their own processes, and
# curl sends what the documented reverse proxy would pass on (Host, X-Forwarded-Proto:
# https). Each check prints one line; the first failure stops the script with exit 1 and
# the processes' logs. Every process started is stopped and the database dropped on exit.
# Environment: SMOKE_PG (server URL, default postgres://postgres@127.0.0.1:5432),
# VENV (default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-$PWD/.venv}
OE="$VENV/bin/openenforce"
PY="$VENV/bin/python"
PG=${SMOKE_PG:-postgres://postgres@127.0.0.1:5432}
HOST=enforce.example.gov.cn # the public name; the proxy passes it on as Host
started=$(date +%s)

work=$(mktemp -d -t oe-smoke-XXXXXX)
db="oe_smoke_$(date +%s)_$$"
pids=()
logs=()
created=0

sql() { # one statement on the server's maintenance database
  "$PY" -c 'import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as c: c.execute(sys.argv[2])' "$PG/postgres" "$1"
}

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    for log in "${logs[@]}"; do echo "--- last lines of $log" >&2; tail -n 30 "$work/$log" >&2 || true; done
  fi
  if [ "$created" = 1 ]; then
    sql "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || echo "could not drop database $db" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

ok() { echo "ok   $*"; }
oe_python() { "$OE" shell --no-imports -v 0 -c "$1"; } # Python code with the settings
fail() { echo "FAIL $*" >&2; exit 1; }

# -- the installation --------------------------------------------------------------------
"$PY" -c "import sys, psycopg; psycopg.connect(sys.argv[1]).close()" "$PG/postgres" 2>/dev/null ||
  fail "PostgreSQL is not reachable at $PG"
sql "CREATE DATABASE \"$db\""
created=1
ok "database $db created"

"$PY" -c "import secrets; print(secrets.token_urlsafe(64))" >"$work/secret-key"
chmod 600 "$work/secret-key"
export DATABASE_URL="$PG/$db"
export OPENENFORCE_VAR_DIR="$work/var"
export OPENENFORCE_SECRET_KEY_FILE="$work/secret-key"
export OPENENFORCE_DEBUG=0
export OPENENFORCE_SECURE=1
export OPENENFORCE_ALLOWED_HOSTS="$HOST"
export OPENENFORCE_PUBLIC_URL="https://$HOST"
export OPENENFORCE_STATIC_COLLECTED=1 # hashed, compressed static files from STATIC_ROOT
export OPENENFORCE_DEMO_PASSWORD="smoke-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(12))')"
unset OPENENFORCE_SECRET_KEY OPENENFORCE_TEST_NOW 2>/dev/null || true

# collectstatic needs no database: it compresses while migrate runs.
"$OE" collectstatic --noinput -v0 >"$work/collectstatic.log" 2>&1 &
collect=$!
"$OE" migrate -v0
ok "migrate"
wait "$collect" || { logs+=(collectstatic.log); fail "collectstatic"; }
ok "collectstatic: $(find "$work/var/static" -type f -name '*.css' | wc -l) stylesheets in STATIC_ROOT"
"$OE" check --deploy --fail-level WARNING >"$work/check.log" 2>&1 || { logs+=(check.log); fail "check --deploy"; }
ok "check --deploy --fail-level WARNING: $(tail -n 1 "$work/check.log")"
"$OE" demo --no-serve >"$work/demo.log" 2>&1 || { logs+=(demo.log); fail "demo data"; }
ok "demo data loaded"

# -- the processes -----------------------------------------------------------------------
port=$("$PY" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
start() { # name, command...: a process of the stack, its output in $work/<name>.log
  local name=$1
  shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  logs+=("$name.log")
}
gunicorn=("$VENV/bin/gunicorn" openenforce.wsgi --workers 2 --bind "127.0.0.1:$port" --access-logfile -)
# gunicorn 27 opens a control socket at one path per user; this server needs none.
[[ "$("$VENV/bin/gunicorn" --help)" == *--no-control-socket* ]] && gunicorn+=(--no-control-socket)
start gunicorn "${gunicorn[@]}"

base="http://127.0.0.1:$port"
proxied=(-H "Host: $HOST" -H "X-Forwarded-Proto: https") # what the reverse proxy adds
get() { curl -sS --max-time 20 "${proxied[@]}" "$@"; }

for _ in $(seq 120); do
  curl -sf --max-time 2 -H "Host: $HOST" "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
[ "$(curl -sS -H "Host: $HOST" "$base/healthz")" = '{"status": "ok"}' ] || fail "healthz"
ok "gunicorn (2 workers) on 127.0.0.1:$port: /healthz answers over plain HTTP (load balancer probe)"

# -- the record's signer: an entry left uncovered, then covered by the watcher ------------
# Two entries from one process: the first commit signs a checkpoint itself, the second,
# within OPENENFORCE_LEDGER_CHECKPOINT_SECONDS, leaves it to the watcher (docs/record.md).
# (That process's interval is long, so that a slow second write cannot sign either.)
OPENENFORCE_LEDGER_CHECKPOINT_SECONDS=60 oe_python '
from openenforce.accounts.models import User
from openenforce.accounts.services import get_system_actor, issue_api_token
from openenforce.ledger.services import log_size
user = User.objects.get(username="officer1")
print(issue_api_token(user, actor=get_system_actor(), name="smoke"))
issue_api_token(user, actor=get_system_actor(), name="smoke (2)")
print(log_size())
' >"$work/token.out"
token=$(sed -n 1p "$work/token.out")
entries=$(sed -n 2p "$work/token.out")
checkpoint_size() { get "$base/transparency/checkpoint" | sed -n 2p; }
before=$(checkpoint_size)
[ "$before" -lt "$entries" ] || fail "the last entry was already covered before the signer started ($before of $entries)"
start signer "$OE" ledger checkpoint --watch
for _ in $(seq 40); do
  [ "$(checkpoint_size)" -ge "$entries" ] && break
  sleep 0.5
done
after=$(checkpoint_size)
[ "$after" -ge "$entries" ] || fail "the signer did not cover the log: checkpoint $after of $entries entries"
ok "checkpoint signer: the checkpoint went from $before to $after entries (the log has $entries)"

# -- the task worker (started after the signer's check: nothing else writes before it) ---
start worker "$OE" db_worker
"$OE" workbench notify --enqueue >"$work/enqueue.out"
task_status() {
  oe_python 'from django_tasks_db.models import DBTaskResult
print(",".join(sorted({r.status for r in DBTaskResult.objects.all()})) or "none")'
}
for _ in $(seq 60); do
  [ "$(task_status)" = "SUCCESSFUL" ] && break
  sleep 0.5
done
[ "$(task_status)" = "SUCCESSFUL" ] || fail "the task worker did not run the enqueued task: $(task_status)"
ok "task worker: the enqueued daily notification task ran (SUCCESSFUL)"

# -- pages, static files and the API, as the proxy passes them on --------------------------
headers=$(curl -sS -o /dev/null -D - -H "Host: $HOST" "$base/portal/")
grep -qiE "^HTTP/1.1 301" <<<"$headers" && grep -qi "^location: https://$HOST/portal/" <<<"$headers" ||
  fail "plain HTTP is not redirected to HTTPS: $headers"
ok "plain HTTP without the proxy's header: 301 to https://$HOST/portal/"

get -o "$work/portal.html" -D "$work/portal.headers" "$base/portal/"
grep -q "^HTTP/1.1 200" "$work/portal.headers" || fail "portal home: $(head -n 1 "$work/portal.headers")"
csp=$(grep -i "^content-security-policy:" "$work/portal.headers" | tr -d '\r') || fail "portal home: no Content-Security-Policy"
for directive in "default-src 'self'" "script-src 'self';" "frame-ancestors 'none'" "object-src 'none'"; do
  [[ "$csp;" == *"$directive"* ]] || fail "the policy lacks $directive: $csp"
done
grep -qi "^strict-transport-security: max-age=31536000" "$work/portal.headers" || fail "portal home: no HSTS"
ok "portal home 200, with HSTS and ${csp}"

stylesheet=$(grep -o 'href="/static/[^"]*\.css"' "$work/portal.html" | head -n 1 | cut -d'"' -f2)
[[ "$stylesheet" =~ \.[0-9a-f]{12}\.css$ ]] || fail "the portal's stylesheet has no hashed name: '$stylesheet'"
get -o /dev/null -D "$work/static.headers" -H "Accept-Encoding: gzip" "$base$stylesheet"
grep -q "^HTTP/1.1 200" "$work/static.headers" || fail "$stylesheet: $(head -n 1 "$work/static.headers")"
grep -qi "^content-encoding: gzip" "$work/static.headers" || fail "$stylesheet: not served compressed"
grep -qi "^cache-control: .*immutable" "$work/static.headers" || fail "$stylesheet: not cached as immutable"
ok "static file $stylesheet 200, gzip, immutable (WhiteNoise, from STATIC_ROOT)"

get -o "$work/agencies.json" -D "$work/api.headers" "$base/api/v1/public/agencies"
grep -q "^HTTP/1.1 200" "$work/api.headers" || fail "public API: $(head -n 1 "$work/api.headers")"
agencies=$("$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["count"])' "$work/agencies.json") ||
  fail "public API: not the documented JSON: $(head -c 300 "$work/agencies.json")"
[ "$agencies" -gt 0 ] || fail "public API: no agencies"
ok "GET /api/v1/public/agencies 200 JSON: $agencies agencies"

status=$(get -o /dev/null -w '%{http_code}' "$base/api/v1/cases")
[ "$status" = 401 ] || fail "API without a token: $status, not 401"
get -o "$work/cases.json" -D "$work/cases.headers" -H "Authorization: Bearer $token" "$base/api/v1/cases"
grep -q "^HTTP/1.1 200" "$work/cases.headers" || fail "API with a token: $(head -n 1 "$work/cases.headers")"
cases=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["count"])' "$work/cases.json")
ok "GET /api/v1/cases: 401 without a token, 200 with officer1's token ($cases cases)"

# The staff login form: the CSRF cookie is Secure, so curl (speaking plain HTTP to the app
# server) is handed the cookies explicitly, as the browser would send them over HTTPS.
get -o "$work/login.html" -D "$work/login.headers" "$base/accounts/login/"
grep -q "^HTTP/1.1 200" "$work/login.headers" || fail "login page: $(head -n 1 "$work/login.headers")"
grep -qi "^content-security-policy: .*script-src 'self'" "$work/login.headers" || fail "login page: no policy"
grep -qi "^set-cookie: csrftoken=.*; Secure" "$work/login.headers" || fail "login page: the CSRF cookie is not Secure"
ok "staff login page 200, with the policy and a Secure CSRF cookie"
csrf_cookie=$(grep -i "^set-cookie: csrftoken=" "$work/login.headers" | sed -E 's/^[^:]*: csrftoken=([^;]*).*/\1/I')
csrf_field=$(grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' "$work/login.html" | head -n 1 | cut -d'"' -f4)
get -o /dev/null -D "$work/post.headers" -H "Origin: https://$HOST" -H "Cookie: csrftoken=$csrf_cookie" \
  --data-urlencode "csrfmiddlewaretoken=$csrf_field" --data-urlencode "username=officer1" \
  --data-urlencode "password=$OPENENFORCE_DEMO_PASSWORD" "$base/accounts/login/"
grep -q "^HTTP/1.1 302" "$work/post.headers" || fail "login: $(head -n 1 "$work/post.headers")"
session=$(grep -i "^set-cookie: sessionid=.*; Secure" "$work/post.headers" | sed -E 's/^[^:]*: sessionid=([^;]*).*/\1/I')
[ -n "$session" ] || fail "login: no Secure session cookie"
status=$(get -o "$work/home.html" -w '%{http_code}' -H "Cookie: sessionid=$session" "$base/")
[ "$status" = 200 ] && grep -q "officer1\|/accounts/logout/" "$work/home.html" || fail "home after login: $status"
ok "login form: 302 with a Secure session cookie; the staff home page 200 with it"

# -- the record after all this -----------------------------------------------------------
"$OE" ledger verify >"$work/verify.log" 2>&1 || { logs+=(verify.log); fail "ledger verify"; }
ok "ledger verify: $(tail -n 1 "$work/verify.log")"
for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || fail "a process of the stack has died (pid $pid)"; done
ok "gunicorn, the task worker and the signer still running; all checks passed in $(($(date +%s) - started)) s"
