# Shared helpers of the benchmark scripts: a throwaway PostgreSQL server and a peak-memory timer.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/.." && pwd)"
OUT_DIR="${BENCH_OUT:-$BENCH_DIR/out}"
mkdir -p "$OUT_DIR"

pg_bin_dir() {
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$newest" ] || { echo "bench: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; exit 5; }
  echo "$newest"
}

# Starts a throwaway PostgreSQL cluster on a free port unless BENCH_DB_URL is set; prints its URL.
start_server() {
  if [ -n "${BENCH_DB_URL:-}" ]; then
    echo "$BENCH_DB_URL"
    return
  fi
  local bin data port runas=()
  bin=$(pg_bin_dir)
  data="$OUT_DIR/pgdata"
  port=${BENCH_PG_PORT:-55432}
  if [ "$(id -u)" = 0 ]; then
    runas=(runuser -u postgres --)
    chown postgres "$OUT_DIR"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    "${runas[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust >/dev/null
  fi
  if ! "${runas[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    "${runas[@]}" "$bin/pg_ctl" -D "$data" -o "-p $port -k /tmp -c fsync=off -c synchronous_commit=off -c max_wal_size=4GB" \
        -l "$OUT_DIR/postgres.log" -w start >/dev/null
  fi
  echo "postgresql://postgres@127.0.0.1:$port/postgres"
}

stop_server() {
  [ -n "${BENCH_DB_URL:-}" ] && return
  local bin runas=()
  bin=$(pg_bin_dir)
  [ "$(id -u)" = 0 ] && runas=(runuser -u postgres --)
  "${runas[@]}" "$bin/pg_ctl" -D "$OUT_DIR/pgdata" -m fast stop >/dev/null 2>&1 || true
}

# measure LABEL CMD...: runs the command, records wall seconds and peak RSS (MiB) in $OUT_DIR/results.tsv.
measure() {
  local label=$1; shift
  local log="$OUT_DIR/time-$$.log"
  if [ "$(type -t "$1")" = function ]; then
    # a shell function cannot be exec'd by time: run it in a child bash that knows it
    /usr/bin/time -v -o "$log" bash -c "$(declare -f "$1"); ROOT_DIR='$ROOT_DIR'; \"\$@\"" _ "$@"
  else
    /usr/bin/time -v -o "$log" "$@"
  fi
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  printf '%s\t%s\t%s\n' "$label" "$wall" "$rss" >> "$OUT_DIR/results.tsv"
  rm -f "$log"
}

print_results() {
  local reference=$1
  awk -F'\t' -v ref="$reference" '
    { label[NR]=$1; wall[NR]=$2; rss[NR]=$3; if ($1==ref) refwall=$2 }
    END {
      printf "%-40s %10s %8s %12s\n", "run", "seconds", "ratio", "peak RSS MiB"
      for (i=1; i<=NR; i++) printf "%-40s %10.2f %8s %12s\n", label[i], wall[i], (refwall>0 ? sprintf("%.2fx", wall[i]/refwall) : "-"), rss[i]
    }' "$OUT_DIR/results.tsv"
}
