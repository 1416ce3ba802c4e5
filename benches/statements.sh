#!/usr/bin/env bash
# What a provider webhook's statements cost Postgres alone, without HTTP or the app:
# pgbench runs each script of benches/pg/ on a freshly migrated and seeded database,
# REPS times in turn, and prints transactions per second and the machine's CPU per
# statement (all cores, from /proc/stat, pgbench's own share included).
#
#   benches/statements.sh                       # 32 clients, 10 s per run, 3 reps
#   DUR=5 REPS=2 CLIENTS=16 benches/statements.sh
#   SCHEMA_SQL="alter table payments set (fillfactor = 80)" benches/statements.sh
#                                               # an experiment on the schema, applied
#                                               # after the migrations, before the seed
#
# Needs: cargo, pgbench and psql, a Postgres on 127.0.0.1:5432 with trust auth.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DUR=${DUR:-10}
REPS=${REPS:-3}
CLIENTS=${CLIENTS:-32}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
DB=bench_statements
SCRIPTS=${SCRIPTS:-"minimal paid read"}

# shellcheck source=benches/common.sh
source "$ROOT/benches/common.sh"

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
PAYCHAT=$ROOT/target/release/paychat
fresh_db "$DB"
export PAYCHAT_DATABASE__URL="$PG/$DB?sslmode=disable"
seed_paychat_pg "$DB" 60000

hz=$(getconf CLK_TCK)
printf '%-8s %4s %9s %14s\n' script rep tps "machine µs/stmt"
for rep in $(seq "$REPS"); do
  for s in $SCRIPTS; do
    t0=$(machine_ticks)
    out=$(pgbench "$PG/$DB" -n -M prepared -c "$CLIENTS" -j 2 -T "$DUR" -f "$ROOT/benches/pg/$s.sql" 2>&1)
    t1=$(machine_ticks)
    # A client that hits an error stops, and the figures would be for fewer clients.
    if grep -q "aborted" <<<"$out"; then echo "$s: pgbench run aborted:" >&2; echo "$out" >&2; exit 1; fi
    tps=$(awk '/^tps/{print $3}' <<<"$out")
    python3 -c "import sys; tps=float('$tps'); us=($t1-$t0)/$hz*1e6/(tps*$DUR); print(f'%-8s %4s %9.0f %14.0f' % ('$s', $rep, tps, us))"
  done
done
psql "$PG/postgres" -qtAX -c "drop database $DB"
