#!/usr/bin/env bash
# What one Postgres webhook costs the machine, paychat against the baseline: each server
# alone on a freshly seeded database, ROUNDS times in turn, the webhook route at CONC
# for DUR seconds. Per request it prints the server's CPU (and its user part), its
# threads' context switches, all Postgres processes' CPU and context switches, the whole
# machine's CPU (load generator included, from /proc/stat) and the WAL written.
#
#   benches/cpu.sh                              # c64, 5 s, 2 rounds (~1 min)
#   ROUNDS=4 CONC=16 benches/cpu.sh
#   SCHEMA_SQL="alter table links set (fillfactor = 85)" benches/cpu.sh
#                                               # an experiment on paychat's schema,
#                                               # applied after the migrations, before the seed
#   PAYCHAT=/path/to/other/paychat benches/cpu.sh   # another build of paychat
#
# Needs: cargo, psql, python3, a Postgres on 127.0.0.1:5432 with trust auth.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DUR=${DUR:-5}
ROUNDS=${ROUNDS:-2}
CONC=${CONC:-64}
SEED=${SEED:-60000}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
BPORT=3001 PPORT=8089

# shellcheck source=benches/common.sh
source "$ROOT/benches/common.sh"
build_all

SP=""
stop() { if [ -n "$SP" ]; then kill -TERM "$SP" 2>/dev/null && wait "$SP" 2>/dev/null || true; SP=""; fi; }
trap stop EXIT
hz=$(getconf CLK_TCK)
proc() { awk '{print $14+$15}' "/proc/$1/stat"; }
utime() { awk '{print $14}' "/proc/$1/stat"; }
# Context switches of every thread of a process, or of all Postgres processes.
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/{s+=$2} END {print s+0}'; }
pg_switches() { for p in $(pgrep -x postgres); do cat "/proc/$p/status" 2>/dev/null; done | awk '/ctxt_switches/{s+=$2} END {print s+0}'; }
postgres() { for p in $(pgrep -x postgres); do awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s+=$1} END {print s+0}'; }
lsn() { psql "$PG/postgres" -qtAX -c "select pg_current_wal_lsn()"; }

# measure WHO LOAD-ARGS...: one measured run against the server $SP, after a 1 s warm-up
# on payments the measured run does not use.
measure() {
  local who=$1; shift
  local m0 p0 u0 c0 g0 q0 w0 m1 p1 u1 c1 g1 q1 w1 out
  m0=$(machine_ticks) p0=$(proc "$SP") u0=$(utime "$SP") c0=$(switches "$SP") g0=$(postgres) q0=$(pg_switches) w0=$(lsn)
  out=$("$LOAD" "$@" --conc "$CONC" --secs "$DUR" --label "$who")
  m1=$(machine_ticks) p1=$(proc "$SP") u1=$(utime "$SP") c1=$(switches "$SP") g1=$(postgres) q1=$(pg_switches) w1=$(lsn)
  local wal; wal=$(psql "$PG/postgres" -qtAX -c "select pg_wal_lsn_diff('$w1', '$w0')")
  python3 - "$who" "$out" "$((m1 - m0))" "$((p1 - p0))" "$((u1 - u0))" "$((c1 - c0))" "$((g1 - g0))" "$((q1 - q0))" "$wal" "$hz" "$DUR" <<'PY'
import sys
who, out, m, p, u, c, g, q, wal, hz, dur = sys.argv[1:]
f = out.split()
rps, p99 = float(f[3]), f[5]
n = rps * float(dur)
us = lambda t: int(t) / int(hz) * 1e6 / n
print(f"{who:<9} {rps:>8.0f} {p99:>8} {us(p):>9.0f} {us(u):>7.0f} {int(c) / n:>6.1f} {us(g):>9.0f} {int(q) / n:>6.1f} {us(m):>9.0f} {float(wal) / n:>8.0f}")
PY
}

printf '%-9s %8s %8s %9s %7s %6s %9s %6s %9s %8s\n' who req/s p99_ms "server µs" "user µs" "cs" "pg µs" "pg cs" "all µs" "WAL B"
for _ in $(seq "$ROUNDS"); do
  fresh_db bench_cpu_baseline
  DATABASE_URL="$PG/bench_cpu_baseline" "$BASELINE" seed "$SEED" 2>/dev/null
  DATABASE_URL="$PG/bench_cpu_baseline" BIND=127.0.0.1:$BPORT PG_POOL=32 "$BASELINE" serve 2>/dev/null & SP=$!
  wait_up "http://127.0.0.1:$BPORT/health"
  "$LOAD" --target baseline --url "http://127.0.0.1:$BPORT" --route webhook --conc "$CONC" --secs 1 --seeded "$SEED" --label warm >/dev/null
  measure baseline --target baseline --url "http://127.0.0.1:$BPORT" --route webhook --seeded "$SEED"
  stop

  fresh_db bench_cpu_paychat
  export PAYCHAT_DATABASE__URL="$PG/bench_cpu_paychat?sslmode=disable" PAYCHAT_DATABASE__MAX_CONNECTIONS=32 \
    PAYCHAT_SERVER__BIND=127.0.0.1:$PPORT PAYCHAT_SERVER__PUBLIC_URL=http://127.0.0.1:$PPORT PAYCHAT_LOG__LEVEL=warn
  seed_paychat_pg bench_cpu_paychat "$SEED"
  "$PAYCHAT" serve 2>/dev/null & SP=$!
  wait_up "http://127.0.0.1:$PPORT/healthz"
  # Each webhook completes a distinct pending payment: the warm-up takes the last tenth.
  warm=$((SEED - SEED / 10))
  "$LOAD" --target paychat --url "http://127.0.0.1:$PPORT" --route webhook --conc "$CONC" --secs 1 \
    --offset "$warm" --seeded "$SEED" --label warm >/dev/null
  measure paychat --target paychat --url "http://127.0.0.1:$PPORT" --route webhook --offset 0 --seeded "$warm"
  stop
  unset PAYCHAT_DATABASE__URL
done
psql "$PG/postgres" -qtAX -c "drop database bench_cpu_baseline" -c "drop database bench_cpu_paychat"
