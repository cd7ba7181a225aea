#!/usr/bin/env bash
# Builds burr-benchmarks (and the modules it needs) and runs the benchmark harness.
#   burr-benchmarks/run.sh            full run (about 15 minutes): the figures BENCHMARKS.md reports
#   burr-benchmarks/run.sh --quick    about two minutes, fewer stored rows and a shorter conversation
#   extra arguments: --backends=memory,sqlite,postgres,redis --cases=1,2,3,4,5,6,7 --out=results.jsonl
# Services: BURR_TEST_POSTGRES_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres),
#           BURR_TEST_REDIS_URL (default redis://127.0.0.1:6379); SQLite uses a temporary file.
# JAVA_OPTS adds JVM options: -XX:StartFlightRecording=filename=bench.jfr to profile,
#   -Dburr.bench.rawTransactions=true to also compare case 1 with a raw loop committing explicit transactions.
# BURR_BENCH_BUILD=installed builds burr-benchmarks alone, offline, against the burr-* modules installed in the
#   local Maven repository (./mvnw -o install -DskipTests -pl burr-core,burr-jdbc,burr-redis), leaving the other
#   modules' target folders alone, and runs on a copy of those jars, so that an install while it runs changes
#   nothing under the JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BURR_BENCH_BUILD:-reactor}" == installed ]]; then
  ./mvnw -q -B -o -pl burr-benchmarks package -DskipTests
  jars="burr-benchmarks/target/run-jars-$$"
  mkdir -p "$jars"
  CP="burr-benchmarks/target/classes"
  IFS=: read -ra entries < burr-benchmarks/target/classpath.txt || true  # no newline at its end
  for entry in "${entries[@]}"; do
    if [[ "$entry" == */dev/burr/* ]]; then
      cp "$entry" "$jars/"
      entry="$jars/$(basename "$entry")"
    fi
    CP="$CP:$entry"
  done
else
  ./mvnw -q -B -pl burr-benchmarks -am package -DskipTests
  CP="burr-benchmarks/target/classes:$(cat burr-benchmarks/target/classpath.txt)"
fi
exec java -Xms2g -Xmx2g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${JAVA_OPTS:-} \
  -cp "$CP" dev.burr.benchmarks.BurrBenchmarks "$@"
