#!/usr/bin/env bash
# Database backup and restore of a generated database, next to pg_dump/psql alone on the same data.
#   bench/db-backup.sh [SCALE]      SCALE is the pgbench scale: 68 ≈ 1 GiB on disk (default), 1 ≈ 15 MiB.
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
echo "database $db: $size" >&2

"$ROOT_DIR/supabackup" --version >/dev/null   # builds the jar once, outside the measurements
# the launcher's JVM settings, without its staleness check inside the measurements
sb() { java -XX:+UseSerialGC -Xmx256m -jar "$ROOT_DIR/app-cli/target/supabackup.jar" "$@"; }
repo="$OUT_DIR/repo"
rm -rf "$repo" "$OUT_DIR"/plain.sql

measure "pg_dump --data-only > file" bash -c "pg_dump --data-only '$src' > '$OUT_DIR/plain.sql'"
# the same work supabackup does, by hand: three dumps to files, then their checksums
measure "pg_dumpall+pg_dump x2 + sha256sum" bash -c "pg_dumpall --roles-only --no-role-passwords -d '$src' > '$OUT_DIR/roles.sql' \
  && pg_dump --schema-only '$src' > '$OUT_DIR/schema.sql' && pg_dump --data-only '$src' > '$OUT_DIR/plain.sql' \
  && sha256sum '$OUT_DIR/roles.sql' '$OUT_DIR/schema.sql' '$OUT_DIR/plain.sql' >/dev/null"
measure "supabackup backup --compression none" sb backup --quiet --compression none --db-url "$src" --repo "$repo"
measure "pg_dump --data-only | zstd -3" bash -c "pg_dump --data-only '$src' | zstd -3 -q -c > '$OUT_DIR/plain.sql.zst'"
measure "supabackup backup (zstd)" sb backup --quiet --db-url "$src" --repo "$repo"

# encrypted, next to the pipeline a careful admin would script
export GNUPGHOME="$OUT_DIR/gnupg"
rm -rf "$GNUPGHOME" "$OUT_DIR/keys"; mkdir -m 700 "$GNUPGHOME"
echo "bench passphrase" > "$OUT_DIR/key-pass.txt"
sb key generate --quiet --out "$OUT_DIR/keys" --passphrase-file "$OUT_DIR/key-pass.txt" >/dev/null
gpg --batch --quiet --import "$OUT_DIR/keys/supabackup-public.asc"
measure "pg_dump | zstd -3 | gpg --encrypt" bash -c "pg_dump --data-only '$src' | zstd -3 -q -c \
  | gpg --batch --quiet --trust-model always --compress-algo none --cipher-algo AES256 --encrypt \
    -r \"\$(gpg --batch --with-colons --list-keys | awk -F: '/^pub/ {print \$5; exit}')\" > '$OUT_DIR/plain.sql.zst.gpg'"
measure "supabackup backup --encrypt-to" sb backup --quiet --db-url "$src" --repo "$repo" \
  --encrypt-to "$OUT_DIR/keys/supabackup-public.asc"
measure "pg_dump -Fc > file" bash -c "pg_dump -Fc '$src' > '$OUT_DIR/plain.dump'"
measure "supabackup backup --full" sb backup --quiet --full --db-url "$src" --repo "$repo"

target="${url%/*}/${db}_restored"
psql -X -q "$url" -c "drop database if exists ${db}_restored" -c "create database ${db}_restored" >/dev/null
measure "psql < schema+data (reference)" bash -c "pg_dump --schema-only '$src' | psql -X -q -v ON_ERROR_STOP=1 '$target' >/dev/null && psql -X -q -v ON_ERROR_STOP=1 --single-transaction '$target' < '$OUT_DIR/plain.sql' >/dev/null"
psql -X -q "$url" -c "drop database ${db}_restored" -c "create database ${db}_restored" >/dev/null
latest=$(sb list --json --repo "$repo" | sed -n 's/.*"id" : "\([^"]*\)".*/\1/p' | sed -n 2p)   # the zstd one
measure "supabackup restore" sb restore "$latest" --quiet --yes --repo "$repo" --target-db-url "$target"

print_results "pg_dump --data-only > file"
