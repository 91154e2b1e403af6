#!/usr/bin/env bash
# JMH benchmarks of the in-process hot paths (module bench/jmh): table stats over a COPY dump, SHA-256 of
# a stream, and the repository's write path (zstd, with and without OpenPGP) into a local repository.
#   bench/jmh.sh                     brief: one fork, 2 warm-up and 3 measured iterations of 2 s
#   bench/jmh.sh -p mib=256 -i 10    any JMH options replace the brief ones; -h lists them
# The build compiles the benchmarks (./mvnw verify) but never runs them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cp=$(mktemp); trap 'rm -f "$cp"' EXIT
(cd "$root" && ./mvnw -q -B -pl bench/jmh -am compile dependency:build-classpath -Dmdep.outputFile="$cp" >/dev/null)
[ $# -gt 0 ] || set -- -f 1 -wi 2 -i 3 -w 2s -r 2s
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -cp "$root/bench/jmh/target/classes:$(cat "$cp")" org.openjdk.jmh.Main "$@"
