#!/usr/bin/env bash
# make test-report: `echelon report` rendered in headless Chromium. For each folder given (default:
# demo-out when it exists, else a fresh optimize → place → simulate → compare run in a temporary
# folder) it writes the report, loads it with --dump-dom and checks every section heading is in the
# DOM, counts the charts, fails on console errors, and prints it to PDF (it must be non-trivial).
# Installs chromium (apt-get) when missing. Exit 0 only when every check passes.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
command -v chromium >/dev/null || { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; }
swift build --product echelon
BIN=.build/debug/echelon
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

folders=("$@")
if [ ${#folders[@]} = 0 ]; then
  if [ -d demo-out ]; then
    folders=(demo-out)
  else
    echo "== no demo-out: optimize, place, simulate and compare into $WORK/run"
    $BIN optimize scenarios/quickstart.yaml --target fill-rate=0.95 --out "$WORK/run" -q > /dev/null
    $BIN place scenarios/depot-small.yaml --coverage 0.95@4h --sweep 3..7 --out "$WORK/run/place" -q > /dev/null
    $BIN simulate scenarios/quickstart.yaml --plan "$WORK/run/stock-plan.csv" --years 0.5 --replications 3 \
      --out "$WORK/run/simulation" -q > /dev/null
    $BIN compare scenarios/quickstart.yaml --plan "$WORK/run/stock-plan.csv" --years 0.3 --replications 3 \
      --out "$WORK/run/compare" -q > /dev/null
    folders=("$WORK/run")
  fi
fi

# The section headings expected for each kind of output set (the report's <h3> inside each section).
expect_for() {
  case "$1" in
    optimize) echo "Key figures|Charts|Stock plan|By echelon" ;;
    place)    echo "Key figures|Charts|Depots" ;;
    simulate) echo "Key figures|Charts|KPIs" ;;
    compare)  echo "Key figures|Charts|Paired differences" ;;
  esac
}

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
n=0
for dir in "${folders[@]}"; do
  n=$((n + 1))
  html="$WORK/report-$n.html"
  echo "== $dir"
  start=$EPOCHREALTIME
  $BIN report "$dir" --out "$html" --quiet || { fail "$dir: echelon report exited $?"; continue; }
  echo "report written in $(awk "BEGIN { printf \"%.2f\", $EPOCHREALTIME - $start }") s ($(wc -c < "$html") bytes)"
  grep -qiE '<script|<link|(src|href)="https?:' "$html" && fail "$dir: external assets or scripts in the report"

  chromium --headless=new --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --allow-file-access-from-files \
    --dump-dom "file://$(realpath "$html")" > "$WORK/dom-$n.html" 2> "$WORK/chromium-$n.log" || true
  dom="$WORK/dom-$n.html"
  [ -s "$dom" ] || { fail "$dir: Chromium produced no DOM"; cat "$WORK/chromium-$n.log"; continue; }
  for heading in "Question" "Inputs in brief"; do
    grep -q "<h2>$heading</h2>" "$dom" || fail "$dir: missing section \"$heading\""
  done
  # Every output set the report found has its section and that section's headings.
  sets=$(grep -oE '<section class="set" id="set-[0-9]+-[a-z]+"' "$dom" | sed -E 's/.*-([a-z]+)"$/\1/')
  [ -n "$sets" ] || fail "$dir: no output-set sections in the DOM"
  for kind in $sets; do
    IFS='|' read -ra headings <<< "$(expect_for "$kind")"
    for h in "${headings[@]}"; do
      grep -qE "<h3>$h</h3>|<caption>$h" "$dom" || fail "$dir: $kind section without \"$h\""
    done
  done
  charts=$(grep -o "<svg" "$dom" | wc -l)
  [ "$charts" -gt 0 ] || fail "$dir: no charts"
  if grep -E "CONSOLE|Uncaught" "$WORK/chromium-$n.log"; then fail "$dir: console errors"; fi

  pdf="$WORK/report-$n.pdf"
  chromium --headless=new --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$pdf" \
    "file://$(realpath "$html")" > /dev/null 2> "$WORK/print-$n.log" || true
  size=$(stat -c %s "$pdf" 2>/dev/null || echo 0)
  pages=$( (grep -aoE "/Type ?/Page([^s]|$)" "$pdf" 2>/dev/null || true) | wc -l)
  [ "$size" -gt 20000 ] && [ "$pages" -ge 1 ] || fail "$dir: the PDF is missing or trivial ($size bytes, $pages pages)"
  echo "$dir: sets $(echo $sets | tr '\n' ' '); $charts charts; no console errors; PDF $pages pages, $size bytes"
done
[ "$failures" = 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "every report rendered"
