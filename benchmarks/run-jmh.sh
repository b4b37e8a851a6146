#!/usr/bin/env bash
# Builds the benchmarks (they live in src/test so kafka-clients stays test scope) and runs JMH.
# Arguments go to JMH, e.g.: benchmarks/run-jmh.sh RecordBatchCodecBenchmark -p codec=lz4
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mvn -q -B -ntp -f "$root/pom.xml" -pl benchmarks -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/benchmarks/target/jmh-classpath.txt" >/dev/null
classes=""
for module in compression serializers protocol; do
  classes="$classes:$root/$module/target/classes"
done
exec java -cp "$root/benchmarks/target/test-classes${classes}:$(cat "$root/benchmarks/target/jmh-classpath.txt")" \
  org.openjdk.jmh.Main "$@"
