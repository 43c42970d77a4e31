#!/usr/bin/env bash
# Runs every real-data scenario end to end (validate, optimize, place where it applies, simulate,
# compare, report) into OUT (default out/), one folder and one report.html per scenario.
#
#   scripts/run-scenarios.sh [--short] [--bin PATH] [--only NAME] [OUT]
#
# --short   reduced lengths (fewer simulated days and replications, a shorter depot sweep, shorter
#           solver limits): what `make notebooks` and the tests use. The full run is `make scenarios`.
# --bin     the echelon binary (default .build/release/echelon, built if missing).
# --only    one scenario: appliance-cn, emea-150, display-repair, surge-stress or depot-placement.
# Prints each step's wall time; the totals are recorded in scenarios/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SHORT=0; BIN=""; ONLY=""; OUT="out"
while [ $# -gt 0 ]; do
  case "$1" in
    --short) SHORT=1 ;;
    --bin) BIN="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "run-scenarios: unknown option $1" >&2; exit 2 ;;
    *) OUT="$1" ;;
  esac
  shift
done
case "$ONLY" in
  ""|appliance-cn|emea-150|display-repair|surge-stress|depot-placement) ;;
  *) echo "run-scenarios: unknown scenario \"$ONLY\" for --only; expected appliance-cn, emea-150, display-repair, surge-stress or depot-placement" >&2; exit 2 ;;
esac
if [ -z "$BIN" ]; then
  BIN=.build/release/echelon
  [ -x "$BIN" ] || swift build -c release --product echelon
fi
[ -x "$BIN" ] || { echo "run-scenarios: no echelon binary at $BIN" >&2; exit 2; }

if [ "$SHORT" = 1 ]; then
  YEARS=0.25; WARMUP=30; REPS=2; SURGE_YEARS=0.3; SWEEP=5..8; PLACE_LIMIT=10; OPT_LIMIT=10
else
  YEARS=1; WARMUP=60; REPS=5; SURGE_YEARS=0.5; SWEEP=5..30; PLACE_LIMIT=20; OPT_LIMIT=60
fi
Q=--quiet
[ -t 1 ] && Q=""

step() {  # step LABEL COMMAND...: runs and times one step
  local label="$1"; shift
  local t0; t0=$(date +%s.%N)
  "$@" > "$LOG" 2>&1 || { echo "FAILED: $label: $*" >&2; cat "$LOG" >&2; exit 1; }
  printf '  %-44s %7.1f s\n' "$label" "$(echo "$(date +%s.%N) - $t0" | bc)"
}
want() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
mkdir -p "$OUT"
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
T_ALL=$(date +%s)

if want appliance-cn; then
  echo "== appliance-cn: three tiers or two?"
  D="$OUT/appliance-cn"; rm -rf "$D"; mkdir -p "$D"
  for v in three-tier two-tier; do
    S=scenarios/appliance-cn/$v.yaml
    step "$v validate" "$BIN" validate "$S"
    step "$v optimize (fill rate 90 % over the network)" "$BIN" optimize "$S" --target fill-rate=0.9 --scope network $Q --out "$D/$v-optimize"
    step "$v simulate" "$BIN" simulate "$S" --plan "$D/$v-optimize/stock-plan.csv" --years "$YEARS" --warmup-days "$WARMUP" \
      --replications "$REPS" --seed 11 $Q --out "$D/$v-simulate"
  done
  step "report" "$BIN" report "$D" --title "appliance-cn: three tiers or two?" $Q
fi

if want emea-150; then
  echo "== emea-150: what laterals save, what weekly replenishment costs"
  D="$OUT/emea-150"; rm -rf "$D"; mkdir -p "$D"
  S=scenarios/emea-150/weekly.yaml
  step "validate" "$BIN" validate "$S"
  step "optimize with laterals (fill rate 95 % per SLA class)" "$BIN" optimize "$S" --target fill-rate=0.95 --scope sla-class --laterals on \
    --time-limit "$OPT_LIMIT" $Q --out "$D/optimize-laterals"
  step "optimize without laterals" "$BIN" optimize "$S" --target fill-rate=0.95 --scope sla-class --laterals off \
    --time-limit "$OPT_LIMIT" $Q --out "$D/optimize-no-laterals"
  step "simulate weekly, laterals plan" "$BIN" simulate "$S" --plan "$D/optimize-laterals/stock-plan.csv" --years "$YEARS" \
    --warmup-days "$WARMUP" --replications "$REPS" --seed 11 $Q --out "$D/simulate-weekly"
  step "compare weekly vs continuous (same plan)" "$BIN" compare "$S" --plan "$D/optimize-laterals/stock-plan.csv" \
    --policies scenarios/emea-150/continuous.yaml --years "$YEARS" --warmup-days "$WARMUP" --replications "$REPS" --seed 11 \
    $Q --out "$D/compare-replenishment"
  step "compare laterals plan vs no-laterals plan" "$BIN" compare "$S" --plan "$D/optimize-laterals/stock-plan.csv" \
    --plan "$D/optimize-no-laterals/stock-plan.csv" --years "$YEARS" --warmup-days "$WARMUP" --replications "$REPS" --seed 11 \
    $Q --out "$D/compare-laterals"
  step "report" "$BIN" report "$D" --title "emea-150: laterals and replenishment" $Q
fi

if want display-repair; then
  echo "== display-repair: the returned-panel loop"
  D="$OUT/display-repair"; rm -rf "$D"; mkdir -p "$D"
  S=scenarios/display-repair/display-repair.yaml
  step "validate" "$BIN" validate "$S"
  step "optimize (fill rate 90 % per site)" "$BIN" optimize "$S" --target fill-rate=0.9 --time-limit "$OPT_LIMIT" $Q --out "$D/optimize"
  step "simulate the workflow into desk.sqlite" "$BIN" simulate "$S" --plan "$D/optimize/stock-plan.csv" --workflow --no-part 0.1 \
    --years "$YEARS" --warmup-days "$WARMUP" --replications "$REPS" --seed 11 --store "sqlite:$D/desk.sqlite" $Q --out "$D/simulate"
  step "desk check" "$BIN" desk check "$D/desk.sqlite"
  step "desk kpis" "$BIN" desk kpis "$D/desk.sqlite" --json
  "$BIN" desk kpis "$D/desk.sqlite" --json > "$D/desk-kpis.json"
  step "report" "$BIN" report "$D" --title "display-repair: the returned-panel loop" $Q
fi

if want surge-stress; then
  echo "== surge-stress: which SLA classes break, and which sourcing rule recovers fastest"
  D="$OUT/surge-stress"; rm -rf "$D"; mkdir -p "$D"
  S=scenarios/surge-stress/surge-stress.yaml
  step "validate" "$BIN" validate "$S"
  step "optimize (fill rate 90 % over the network)" "$BIN" optimize "$S" --target fill-rate=0.9 --scope network $Q --out "$D/optimize"
  for rule in lateral-first parent-first no-lateral emergency-first; do
    V=scenarios/surge-stress/sourcing-$rule.yaml
    [ "$rule" = lateral-first ] && V=$S
    step "simulate $rule" "$BIN" simulate "$V" --plan "$D/optimize/stock-plan.csv" --years "$SURGE_YEARS" --warmup-days "$WARMUP" \
      --replications "$REPS" --seed 11 $Q --out "$D/simulate-$rule"
  done
  step "compare the sourcing rules (same failures)" "$BIN" compare "$S" --plan "$D/optimize/stock-plan.csv" \
    --policies scenarios/surge-stress/sourcing-parent-first.yaml --policies scenarios/surge-stress/sourcing-no-lateral.yaml \
    --policies scenarios/surge-stress/sourcing-emergency-first.yaml --years "$SURGE_YEARS" --warmup-days "$WARMUP" \
    --replications "$REPS" --seed 11 $Q --out "$D/compare-sourcing"
  step "report" "$BIN" report "$D" --title "surge-stress: SLA classes under a surge and an outage" $Q
fi

if want depot-placement; then
  echo "== depot-placement: 5 to 30 depots under a 4-hour response"
  D="$OUT/depot-placement"; rm -rf "$D"; mkdir -p "$D"
  S=scenarios/depot-placement/depot-placement.yaml
  step "validate" "$BIN" validate "$S"
  step "place (80 % of demand within 4 h)" "$BIN" place "$S" --coverage 0.8@4h --time-limit "$PLACE_LIMIT" $Q --out "$D/place"
  step "sweep $SWEEP depots (cost and 4-hour coverage per k)" "$BIN" place "$S" --coverage 0@4h --sweep "$SWEEP" --time-limit 5 $Q --out "$D/sweep"
  step "report" "$BIN" report "$D" --title "depot-placement: how many depots, where" $Q
fi

echo "done in $(( $(date +%s) - T_ALL )) s; reports:"
find "$OUT" -maxdepth 2 -name report.html | sort | sed 's/^/  /'
