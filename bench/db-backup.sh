#!/usr/bin/env bash
# Database backup and restore of a generated database, each supabackup run next to the reference tool
# doing the same work on the same data, in one invocation; each run BENCH_RUNS times (default 3).
#   bench/db-backup.sh [SCALE]      SCALE is the pgbench scale: 68 ≈ 1 GiB on disk (default), 1 ≈ 15 MiB.
# SUPABACKUP_JAR picks the jar to measure (default: the one the launcher builds), SUPABACKUP_JAVA_OPTS its
# JVM settings (default: the launcher's), e.g. to record a profile with -XX:StartFlightRecording.
source "$(dirname "$0")/lib.sh"
scale=${1:-68}
url=$(start_server)
trap stop_server EXIT
db="bench_$scale"
src="${url%/*}/$db"
rm -f "$OUT_DIR/results.tsv"

if ! psql -X -q "$url" -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
  echo "generating pgbench scale $scale into $db…" >&2
  psql -X -q "$url" -c "create database $db" >/dev/null
  pgbench -i -q -s "$scale" "$src" >/dev/null 2>&1
fi
size=$(psql -X -q "$src" -tAc "select pg_size_pretty(pg_database_size('$db'))")
echo "database $db: $size; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

if [ -z "${SUPABACKUP_JAR:-}" ]; then
  "$ROOT_DIR/supabackup" --version >/dev/null   # builds the jar once, outside the measurements
fi
export JAR=${SUPABACKUP_JAR:-$ROOT_DIR/app-cli/target/supabackup.jar}
# the launcher's class-data archive of the jar, when it made one
export JAVA_CDS=""
[ ! -f "${JAR%.jar}.jsa" ] || JAVA_CDS="-XX:SharedArchiveFile=${JAR%.jar}.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
export SUPABACKUP_JAVA_OPTS
# the launcher's JVM settings, without its staleness check inside the measurements
sb() { java $JAVA_CDS ${SUPABACKUP_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m} -jar "$JAR" "$@"; }
repo="$OUT_DIR/repo"
rm -rf "$repo" "$OUT_DIR"/plain.sql

# each supabackup run alternates with its reference run (measure_pair): the scripts below are run by bash
export -f sb
measure_pair "pg_dump --data-only > file" "pg_dump --data-only '$src' > '$OUT_DIR/plain.sql'" \
  "supabackup backup --compression none" "sb backup --quiet --compression none --db-url '$src' --repo '$repo'"
# the same work supabackup does, by hand: three dumps to files, then their checksums
measure --vs "pg_dump --data-only > file" "pg_dumpall+pg_dump x2 + sha256sum" bash -c "pg_dumpall --roles-only --no-role-passwords -d '$src' > '$OUT_DIR/roles.sql' \
  && pg_dump --schema-only '$src' > '$OUT_DIR/schema.sql' && pg_dump --data-only '$src' > '$OUT_DIR/plain.sql' \
  && sha256sum '$OUT_DIR/roles.sql' '$OUT_DIR/schema.sql' '$OUT_DIR/plain.sql' >/dev/null"
measure_pair "pg_dump --data-only | zstd -3" "pg_dump --data-only '$src' | zstd -3 -q -c > '$OUT_DIR/plain.sql.zst'" \
  "supabackup backup (zstd)" "sb backup --quiet --db-url '$src' --repo '$repo'"

# encrypted, next to the pipeline a careful admin would script
export GNUPGHOME="$OUT_DIR/gnupg"
rm -rf "$GNUPGHOME" "$OUT_DIR/keys"; mkdir -m 700 "$GNUPGHOME"
echo "bench passphrase" > "$OUT_DIR/key-pass.txt"
sb key generate --quiet --out "$OUT_DIR/keys" --passphrase-file "$OUT_DIR/key-pass.txt" >/dev/null
gpg --batch --quiet --import "$OUT_DIR/keys/supabackup-public.asc"
recipient=$(gpg --batch --with-colons --list-keys | awk -F: '/^pub/ {print $5; exit}')
measure_pair "pg_dump | zstd -3 | gpg --encrypt" "pg_dump --data-only '$src' | zstd -3 -q -c \
  | gpg --batch --quiet --trust-model always --compress-algo none --cipher-algo AES256 --encrypt -r '$recipient' \
  > '$OUT_DIR/plain.sql.zst.gpg'" \
  "supabackup backup --encrypt-to" "sb backup --quiet --db-url '$src' --repo '$repo' --encrypt-to '$OUT_DIR/keys/supabackup-public.asc'"
measure_pair "pg_dump -Fc > file" "pg_dump -Fc '$src' > '$OUT_DIR/plain.dump'" \
  "supabackup backup --full" "sb backup --quiet --full --db-url '$src' --repo '$repo'"

# restores, each into a database made empty before every run, outside the timing
target="${url%/*}/${db}_restored"
fresh="psql -X -q '$url' -c 'drop database if exists ${db}_restored' -c 'create database ${db}_restored' >/dev/null"
ids=$(sb list --json --repo "$repo" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p')
zstd_backup=$(echo "$ids" | sed -n "$((RUNS + 1))p")              # the first of the zstd ones
full_backup=$(echo "$ids" | tail -1)
measure_pair --before "$fresh" "psql < schema + data" "pg_dump --schema-only '$src' > '$OUT_DIR/schema-only.sql' \
  && psql -X -q -v ON_ERROR_STOP=1 '$target' < '$OUT_DIR/schema-only.sql' >/dev/null \
  && psql -X -q -v ON_ERROR_STOP=1 --single-transaction '$target' < '$OUT_DIR/plain.sql' >/dev/null" \
  "supabackup restore" "sb restore '$zstd_backup' --quiet --yes --repo '$repo' --target-db-url '$target'"
measure_pair --before "$fresh" "pg_restore -d (of pg_dump -Fc)" "pg_restore --no-owner -d '$target' '$OUT_DIR/plain.dump'" \
  "supabackup restore (of --full)" "sb restore '$full_backup' --quiet --yes --repo '$repo' --target-db-url '$target'"

print_results
