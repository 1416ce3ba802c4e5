#!/usr/bin/env bash
# paychat vs the bare axum + sqlx baseline (../shared/bench/baseline), back to back, with
# the same load generator (benches/load.rs) and the same database server. Each cell runs
# REPS times, baseline and paychat alternating, and the ratio reported is the median of
# the REPS paired ratios (with their spread).
#
#   benches/run.sh                 SQLite and Postgres, 10 s per run, c16 and c64, 3 reps
#   DUR=5 REPS=1 BACKENDS=sqlite benches/run.sh
#   ROUTES=webhook BACKENDS=postgres benches/run.sh   one route only
#   SCHEMA_SQL="..." benches/run.sh   an experiment on paychat's Postgres schema, applied
#                                  after the migrations, before the seed
#
# Needs: cargo, python3, a Postgres on 127.0.0.1:5432 with trust auth (as .ci/run starts).
# Everything listens on 127.0.0.1 and every server started here is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DUR=${DUR:-10}
REPS=${REPS:-3}
CONCS=${CONCS:-"16 64"}
BACKENDS=${BACKENDS:-"sqlite postgres"}
ROUTES=${ROUTES:-"health get create webhook"}
SEED=${SEED:-300000}
WORK=${WORK:-$(mktemp -d /tmp/paychat-bench.XXXX)}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
# shellcheck source=benches/common.sh
source "$ROOT/benches/common.sh"
BPORT=3000 PPORT=8088
RESULTS=$WORK/results.tsv
: > "$RESULTS"
PIDS=""
stop_all() {
  for p in $PIDS; do { kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; } || true; done
  PIDS=""; true
}
trap stop_all EXIT
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

log "building (release): paychat, the load generator, the baseline"
build_all

rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$1/status"; }
load() { "$LOAD" "$@" | tee -a "$RESULTS" >&2; }

for backend in $BACKENDS; do
  # ---- baseline: seeded and started --------------------------------------------------------
  if [ "$backend" = sqlite ]; then
    export DATABASE_URL="sqlite://$WORK/baseline.db"; rm -f "$WORK"/baseline.db*
  else
    fresh_db bench_baseline; export DATABASE_URL="$PG/bench_baseline"
  fi
  "$BASELINE" seed "$SEED" 2>/dev/null
  BIND=127.0.0.1:$BPORT SQLITE_READERS=8 PG_POOL=32 "$BASELINE" serve 2>/dev/null & BPID=$!
  PIDS="$PIDS $BPID"
  wait_up "http://127.0.0.1:$BPORT/health"
  echo "baseline-$backend idle_rss_kb $(rss_kb $BPID)" >> "$WORK/facts"
  unset DATABASE_URL

  # ---- paychat: seeded and started ---------------------------------------------------------
  if [ "$backend" = sqlite ]; then
    DB="sqlite://$WORK/paychat.db"; rm -f "$WORK"/paychat.db*; POOL=8
  else
    # Same host: plaintext like the baseline (whose sqlx has no TLS at all).
    fresh_db bench_paychat; DB="$PG/bench_paychat?sslmode=disable"; POOL=32
  fi
  export PAYCHAT_DATABASE__URL=$DB PAYCHAT_DATABASE__MAX_CONNECTIONS=$POOL \
    PAYCHAT_SERVER__BIND=127.0.0.1:$PPORT PAYCHAT_SERVER__PUBLIC_URL=http://127.0.0.1:$PPORT \
    PAYCHAT_LOG__LEVEL=warn
  # Seeded links were opened once already (steady state: the first-view write is paid once
  # per link); each has one pending sandbox payment for the webhook route to complete.
  if [ "$backend" = sqlite ]; then
    SELLER=$("$PAYCHAT" seller add --name "Bench Shop" --currency EUR --locale en)
    NOW=$(date +%s%3N); FAR=$((NOW + 30*86400000))
    sqlite3 "$WORK/paychat.db" <<SQL
with recursive c(x) as (select 0 union all select x + 1 from c where x < $SEED - 1)
insert into links (id, slug, seller_id, amount_minor, currency, description, usage_limit, paid_count,
  paid_minor, refunded_minor, status, expires_at, notes, provider, opened_at, version, created_at, updated_at)
select 'lnk_bench' || printf('%017d', x), 'bnch' || printf('%012d', x), '$SELLER', 1999, 'EUR',
  'Coffee beans 1kg', 1, 0, 0, 0, 'active', $FAR, '[]', 'sandbox', $NOW, 0, $NOW, $NOW from c;
insert into payments (id, link_id, provider, provider_payment_id, amount_minor, currency, status, method,
  refunded_minor, created_at, updated_at)
select 'pay_bench' || substr(id, 10), id, 'sandbox', 'sbx_bench' || substr(slug, 5), 1999, 'EUR',
  'pending', 'provider', 0, $NOW, $NOW from links where id like 'lnk_bench%';
SQL
  else
    seed_paychat_pg bench_paychat "$SEED"
  fi
  KEY=$("$PAYCHAT" apikey create --seller "$SELLER" --json | python3 -c 'import sys,json;print(json.load(sys.stdin)["key"])')
  "$PAYCHAT" serve 2>"$WORK/paychat-$backend.log" & PPID_=$!
  PIDS="$PIDS $PPID_"
  wait_up "http://127.0.0.1:$PPORT/healthz"; sleep 1
  echo "paychat-$backend idle_rss_kb $(rss_kb $PPID_)" >> "$WORK/facts"

  # ---- the runs: both servers up, each cell REPS times, alternating who goes first --------
  # The machine's speed drifts over minutes (other tenants, the database's own work); cells
  # run back to back and alternated, so a drift weighs on both sides of each ratio.
  offset=0
  # Each webhook completes a distinct pending payment: every paychat run gets its own slice.
  slice=$((SEED / (2 * REPS)))
  for route in $ROUTES; do
    for c in $CONCS; do
      for rep in $(seq "$REPS"); do
        run_baseline() {
          load --target baseline --url "http://127.0.0.1:$BPORT" --route $route --conc "$c" \
            --secs "$DUR" --seeded "$SEED" --label "baseline-$backend-$rep"
        }
        run_paychat() {
          if [ $route = webhook ]; then
            load --target paychat --url "http://127.0.0.1:$PPORT" --route webhook --conc "$c" \
              --secs "$DUR" --offset $offset --seeded $((offset + slice)) --label "paychat-$backend-$rep"
            offset=$((offset + slice))
          else
            load --target paychat --url "http://127.0.0.1:$PPORT" --route $route --conc "$c" \
              --secs "$DUR" --seeded "$SEED" --key "$KEY" --label "paychat-$backend-$rep"
          fi
        }
        if [ $((rep % 2)) = 1 ]; then run_baseline; run_paychat; else run_paychat; run_baseline; fi
      done
    done
  done
  echo "paychat-$backend rss_after_load_kb $(rss_kb $PPID_)" >> "$WORK/facts"
  echo "baseline-$backend rss_after_load_kb $(rss_kb $BPID)" >> "$WORK/facts"
  stop_all
  unset PAYCHAT_DATABASE__URL PAYCHAT_DATABASE__MAX_CONNECTIONS PAYCHAT_SERVER__BIND \
    PAYCHAT_SERVER__PUBLIC_URL PAYCHAT_LOG__LEVEL
done

echo
python3 - "$RESULTS" <<'PY'
import sys, statistics as st
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
# label = who-backend-rep; pair each paychat run with the baseline run of the same rep.
cells = {}
for r in rows:
    who, backend, rep = r[0].split("-")
    cells.setdefault((backend, r[1], r[2]), {}).setdefault(rep, {})[who] = (float(r[3]), float(r[5]))
print(f"{'backend':<9}{'route':<9}{'conc':>5}{'base r/s':>10}{'paychat':>10}{'ratio':>7}{'(min-max)':>12}{'p99 x':>7}")
for (backend, route, conc), reps in cells.items():
    pairs = [v for v in reps.values() if "baseline" in v and "paychat" in v]
    if not pairs:
        continue
    ratios = [p["paychat"][0] / p["baseline"][0] for p in pairs if p["baseline"][0]]
    p99s = [p["paychat"][1] / p["baseline"][1] for p in pairs if p["baseline"][1]]
    b = st.median(p["baseline"][0] for p in pairs)
    c = st.median(p["paychat"][0] for p in pairs)
    spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
    print(f"{backend:<9}{route:<9}{conc:>5}{b:>10.0f}{c:>10.0f}{st.median(ratios):>7.2f}{spread:>12}{st.median(p99s):>7.2f}")
PY
echo; cat "$WORK/facts"; echo "raw: $RESULTS"
