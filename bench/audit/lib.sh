# Shared by the bench/audit/ scripts: a private PostgreSQL (fsync and synchronous_commit on, as
# shipped) and one pgbench measurement of a single-INSERT transaction. Source after common.sh.

# Starts a fresh PostgreSQL in $1/postgres on port $2, stopped on exit; defines sql (as tiergate)
# and super (as the cluster's owner) and the SQL function v7().
audit_bench_pg() { # state-dir port
  STATE=$1 PORT=$2
  scripts/pg.sh stop "$STATE/postgres" >/dev/null 2>&1 || true
  rm -rf "$STATE"
  mkdir -p "$STATE"
  trap 'scripts/pg.sh stop "$STATE/postgres" >/dev/null 2>&1 || true' EXIT
  scripts/pg.sh start "$STATE/postgres" "$PORT" tiergate tiergate tiergate >/dev/null
  bindir=$(scripts/pg.sh bindir)
  export PGPASSWORD=tiergate
  owner=$(stat -c %U "$STATE/postgres")
  # UUIDv7 in SQL (PostgreSQL 15 has no uuidv7()): 48 bits of milliseconds, then random bits.
  sql <<'SQL'
create function v7() returns uuid language sql volatile as $$
  select encode(overlay(uuid_send(gen_random_uuid())
      placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 'hex')::uuid
$$;
SQL
}
sql() { "$bindir/psql" -q -X -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U tiergate tiergate "$@"; }
super() { (cd / && runuser -u "$owner" -- "$bindir/psql" -q -X -A -t -v ON_ERROR_STOP=1 -h "$STATE/postgres" -p "$PORT" -d tiergate "$@"); }

# One run of $STATE/<variant>.sql at c=1 for $seconds after a CHECKPOINT: a Markdown row with
# commits/s, average latency, WAL bytes and full-page images per commit.
audit_bench_run() { # variant run
  local w0 w1 out tx tps lat b0 f0 b1 f1
  super -c checkpoint
  w0=$(sql -c "select wal_bytes || ' ' || wal_fpi from pg_stat_wal")
  out=$("$bindir/pgbench" -n -h 127.0.0.1 -p "$PORT" -U tiergate -c 1 -j 1 -T "$seconds" -f "$STATE/$1.sql" tiergate 2>&1) \
    || die "pgbench failed on $1: $out"
  w1=$(sql -c "select wal_bytes || ' ' || wal_fpi from pg_stat_wal")
  tx=$(awk '/number of transactions actually processed/ { print $NF }' <<<"$out")
  tps=$(awk '/^tps/ { printf "%.0f", $3 }' <<<"$out")
  lat=$(awk '/latency average/ { print $4 }' <<<"$out")
  read -r b0 f0 <<<"$w0"; read -r b1 f1 <<<"$w1"
  awk -v v="$1" -v r="$2" -v tps="$tps" -v lat="$lat" -v tx="$tx" -v db="$((b1 - b0))" -v df="$((f1 - f0))" \
    'BEGIN { printf "| %s | %d | %s | %s | %.0f | %.2f |\n", v, r, tps, lat, db / tx, df / tx }'
}
