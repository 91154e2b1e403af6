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

RUNS=${BENCH_RUNS:-3}

# measure [--vs REFERENCE] [--before CMD] LABEL CMD...: runs the command BENCH_RUNS times (default 3),
# CMD of --before ahead of each run and outside the timing, and records in $OUT_DIR/results.tsv the
# median wall seconds, the highest peak RSS (MiB), the label of the reference run it is compared to
# (none: it is a reference itself), every run's wall seconds and the median CPU seconds (user + system,
# of the command and its children: steadier than wall time on a busy machine).
measure() {
  local reference="" before=""
  while [ $# -gt 0 ]; do
    case $1 in
      --vs) reference=$2; shift 2 ;;
      --before) before=$2; shift 2 ;;
      *) break ;;
    esac
  done
  local label=$1; shift
  local walls=() cpus=() rss=0 run wall cpu peak
  for ((run = 1; run <= RUNS; run++)); do
    [ -z "$before" ] || bash -c "$before"
    read -r wall cpu peak < <(one_run "$@")
    walls+=("$wall"); cpus+=("$cpu")
    [ "$peak" -gt "$rss" ] && rss=$peak
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t\n' "$label" "$(median "${walls[@]}")" "$rss" "$reference" "${walls[*]}" \
    "$(median "${cpus[@]}")" >> "$OUT_DIR/results.tsv"
  echo "  $label: ${walls[*]} s (CPU ${cpus[*]} s)" >&2
}

# measure_pair [--before CMD] REF_LABEL REF_SCRIPT LABEL SCRIPT: the reference and the command (each a bash
# script) run alternately, BENCH_RUNS times each (REF, CMD, REF, CMD, ...), so that a machine that speeds up or
# slows down meanwhile (other work, a busy neighbour) weighs on both alike; CMD of --before ahead of every run.
# Records both like measure, and as the command's ratio the median of the ratios of its runs to the reference
# runs beside them.
measure_pair() {
  local before=""
  [ "$1" = --before ] && { before=$2; shift 2; }
  local ref_label=$1 ref_script=$2 label=$3 script=$4
  local ref_walls=() ref_cpus=() ref_rss=0 walls=() cpus=() rss=0 ratios=() run wall cpu peak ref_wall
  for ((run = 1; run <= RUNS; run++)); do
    [ -z "$before" ] || bash -c "$before"
    read -r ref_wall cpu peak < <(one_run bash -c "$ref_script")
    ref_walls+=("$ref_wall"); ref_cpus+=("$cpu")
    [ "$peak" -gt "$ref_rss" ] && ref_rss=$peak
    [ -z "$before" ] || bash -c "$before"
    read -r wall cpu peak < <(one_run bash -c "$script")
    walls+=("$wall"); cpus+=("$cpu")
    [ "$peak" -gt "$rss" ] && rss=$peak
    ratios+=("$(awk -v a="$wall" -v b="$ref_wall" 'BEGIN { printf "%.4f", (b > 0 ? a / b : 0) }')")
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t\n' "$ref_label" "$(median "${ref_walls[@]}")" "$ref_rss" "" "${ref_walls[*]}" \
    "$(median "${ref_cpus[@]}")" >> "$OUT_DIR/results.tsv"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$(median "${walls[@]}")" "$rss" "$ref_label" "${walls[*]}" \
    "$(median "${cpus[@]}")" "$(median "${ratios[@]}")" >> "$OUT_DIR/results.tsv"
  echo "  $ref_label: ${ref_walls[*]} s (CPU ${ref_cpus[*]} s)" >&2
  echo "  $label: ${walls[*]} s (CPU ${cpus[*]} s; ratios ${ratios[*]})" >&2
}

# one_run CMD...: runs the command once under /usr/bin/time; prints its wall seconds, CPU seconds (user +
# system, with its children) and peak RSS in MiB.
one_run() {
  local log="$OUT_DIR/time-$$-$BASHPID.log"
  if [ "$(type -t "$1")" = function ]; then
    # a shell function cannot be exec'd by time: run it in a child bash that knows it
    /usr/bin/time -v -o "$log" bash -c "$(declare -f "$1"); \"\$@\"" _ "$@" >&2
  else
    /usr/bin/time -v -o "$log" "$@" >&2
  fi
  local wall cpu peak
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$log")
  peak=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  rm -f "$log"
  echo "$wall $cpu $peak"
}

median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The table: each run's median seconds, its ratio to its reference run, and its peak memory.
print_results() {
  awk -F'\t' '
    { label[NR] = $1; wall[NR] = $2; rss[NR] = $3; ref[NR] = $4; cpu[NR] = $6; paired[NR] = $7; byLabel[$1] = $2 }
    END {
      printf "%-44s %9s %8s %9s %10s  %s\n", "run (median of '"$RUNS"')", "seconds", "ratio", "CPU s", "peak RSS", "reference"
      for (i = 1; i <= NR; i++) {
        # runs measured beside their reference (measure_pair): the median of the ratios of those pairs
        ratio = ref[i] == "" ? "1.00x" : paired[i] != "" ? sprintf("%.2fx", paired[i]) \
            : (byLabel[ref[i]] > 0 ? sprintf("%.2fx", wall[i] / byLabel[ref[i]]) : "-")
        printf "%-44s %9.2f %8s %9.2f %6s MiB  %s\n", label[i], wall[i], ratio, cpu[i], rss[i], ref[i] == "" ? "(reference)" : ref[i]
      }
    }' "$OUT_DIR/results.tsv"
}
