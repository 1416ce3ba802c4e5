# Shared by the bench scripts (run.sh, statements.sh, cpu.sh): sourced, not run.
# Expects ROOT (the project) and PG (the Postgres server's URL without a database).

SHARED=${SHARED:-$ROOT/../shared/bench}

# Builds paychat, the load generator and the baseline in release mode; sets PAYCHAT,
# LOAD and BASELINE.
build_all() {
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
  cargo bench --quiet --manifest-path "$ROOT/Cargo.toml" --bench load --no-run 2>/dev/null
  cargo build --release --quiet --manifest-path "$SHARED/baseline/Cargo.toml"
  LOAD=$(ls -t "$ROOT"/target/release/deps/load-* | grep -v '\.d$' | head -1)
  PAYCHAT=${PAYCHAT:-$ROOT/target/release/paychat}
  BASELINE=$SHARED/baseline/target/release/baseline
}

wait_up() { for _ in $(seq 200); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.05; done; echo "server did not start" >&2; exit 1; }

# An empty database of that name, dropped first if it exists.
fresh_db() { psql "$PG/postgres" -qtAX -c "set client_min_messages = warning" -c "drop database if exists $1" -c "create database $1"; }

# The whole machine's busy CPU ticks so far, from /proc/stat.
machine_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }

# seed_paychat_pg DB COUNT: migrates paychat's Postgres database DB (PAYCHAT_DATABASE__URL
# must name it), applies SCHEMA_SQL if set, adds the bench seller (sets SELLER) and
# COUNT links, each opened once and with one pending sandbox payment.
seed_paychat_pg() {
  "$PAYCHAT" migrate >/dev/null
  if [ -n "${SCHEMA_SQL:-}" ]; then psql "$PG/$1" -qtAX -c "$SCHEMA_SQL"; fi
  SELLER=$("$PAYCHAT" seller add --name "Bench Shop" --currency EUR --locale en)
  local now; now=$(date +%s%3N)
  psql "$PG/$1" -qtAX -v seller="$SELLER" -v now="$now" -v far=$((now + 30*86400000)) \
    -v seed="$2" -f "$ROOT/benches/seed-postgres.sql"
}
