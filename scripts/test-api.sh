#!/usr/bin/env bash
# make test-api: the live API against its own OpenAPI document (schemathesis), the dashboard in
# headless Chromium, a crash test (SIGKILL under load, restart, every acknowledged order there,
# the ledger balanced), and a clean stop on SIGTERM. Installs schemathesis (pip) and chromium (apt-get) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
command -v chromium >/dev/null || { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; }
command -v schemathesis >/dev/null || python3 -m pip install -q schemathesis
swift build --product echelon
BIN=.build/debug/echelon
WORK=$(mktemp -d)
PORT=${PORT:-18090}
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill -9 "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "== a desk database: 0.2 years of the quickstart workflow"
$BIN simulate scenarios/quickstart.yaml --years 0.2 --warmup-days 10 --replications 1 --workflow --store "sqlite:$WORK/desk.sqlite" -q > /dev/null
TOKEN=$($BIN desk user scenarios/quickstart.yaml --db "$WORK/desk.sqlite" --name ci-admin --role admin | tail -1)

start() {
  $BIN serve scenarios/quickstart.yaml --db "$WORK/desk.sqlite" --port "$PORT" > "$WORK/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && return 0; sleep 0.2; done
  echo "the server did not start:"; cat "$WORK/serve.log"; exit 1
}
start

echo "== schemathesis against /openapi.json (every check, fixed seed)"
(cd tests/api && schemathesis --config-file schemathesis.toml run "http://127.0.0.1:$PORT/openapi.json" \
  -H "Authorization: Bearer $TOKEN" --checks all --max-examples 30 --seed 1 --no-color) | tail -12

echo "== the dashboard in headless Chromium"
chromium --headless=new --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --virtual-time-budget=3000 \
  --dump-dom "http://127.0.0.1:$PORT/?token=$TOKEN" > "$WORK/dom.html" 2> "$WORK/chromium.log" || true
for section in "SLA attainment per week" "Open orders by state and age" "About to breach" "Stock by echelon" \
               "Service-point league table" "Settlement"; do
  grep -q "$section" "$WORK/dom.html" || { echo "dashboard: missing \"$section\""; exit 1; }
done
grep -q "<svg" "$WORK/dom.html" || { echo "dashboard: no chart"; exit 1; }
if grep -E "CONSOLE|Uncaught" "$WORK/chromium.log"; then echo "dashboard: console errors"; exit 1; fi
echo "dashboard: every section rendered, $(grep -c "<svg" "$WORK/dom.html") charts, no console errors"

echo "== crash test: SIGKILL under load, restart, every acknowledged order present"
ASSETS=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/orders?limit=200" \
  | python3 -c 'import json,sys; print(" ".join(sorted({o["asset"] for o in json.load(sys.stdin)["orders"] if o.get("asset")})[:20]))')
python3 scripts/api_load.py --port "$PORT" --token "$TOKEN" --assets $ASSETS --orders 5000 --acks "$WORK/acks.txt" &
LOAD=$!
sleep 1.5
kill -9 "$SERVER"; SERVER=""
wait $LOAD || true
ACKED=$(wc -l < "$WORK/acks.txt")
echo "acknowledged before the kill: $ACKED orders (of 5000 the driver meant to send)"
[ "$ACKED" -lt 5000 ] || { echo "the kill came after the load had finished; nothing was tested"; exit 1; }
start
missing=0
while read -r id; do
  code=$(curl -s -o /dev/null -w "%{http_code}" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/orders/$id")
  [ "$code" = 200 ] || { echo "acknowledged order $id is missing after restart ($code)"; missing=$((missing + 1)); }
done < "$WORK/acks.txt"
[ "$missing" = 0 ] || exit 1
kill -TERM "$SERVER"; status=0; wait "$SERVER" || status=$?; SERVER=""
[ "$status" = 0 ] || { echo "the server did not stop cleanly on SIGTERM (exit $status)"; exit 1; }
echo "graceful shutdown on SIGTERM: exit 0"
$BIN desk check "$WORK/desk.sqlite" | tail -1
echo "crash test: every acknowledged order survived; the record passes its checks"
