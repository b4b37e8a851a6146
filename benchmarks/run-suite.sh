#!/usr/bin/env bash
# Petrel's side-by-side benchmark suite (issue #7): broker-stub and a real Apache Kafka 4.3.1, Petrel's
# clients and kafka-clients 4.3.1, on identical workloads; writes docs/benchmarks/report.md and its SVG charts.
#
#   benchmarks/run-suite.sh            # the full run, about 30-40 minutes on 2 cores (scale ~11 of them)
#   benchmarks/run-suite.sh --quick    # a smoke run of a few minutes
#   benchmarks/run-suite.sh --only producer,consumer,latency,startup,tls,scale,ingest [--out DIR] [--repeats N]
#   benchmarks/run-suite.sh --only ingest   # broker-bound ingest alone: pre-encoded Produce requests, no client
#
# It builds what it needs first (Maven offline, online if that fails), from this checkout only: the class
# path points at this checkout's */target/classes, never at Petrel jars in ~/.m2, so it measures the code
# of the checkout it runs in. Nothing is installed. See io.petrel.benchmarks.BenchmarkSuite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
classpath_file="$root/benchmarks/target/suite-classpath.txt"
log="$root/benchmarks/target/suite-build.log"
mkdir -p "$root/benchmarks/target"

build() {
  mvn "$@" -q -B -ntp -f "$root/pom.xml" -pl benchmarks -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
}
echo "run-suite: building the benchmarks and the modules they measure..." >&2
if ! build -o >"$log" 2>&1; then
  echo "run-suite: the offline build failed; trying online..." >&2
  if ! build >"$log" 2>&1; then
    echo "run-suite: the build failed; see $log" >&2
    exit 1
  fi
fi

# The startup part runs ./petrel broker: build the launcher's jars now (it does so itself when sources changed),
# so that no build runs while the suite measures.
if ! "$root/petrel" --version >/dev/null; then
  echo "run-suite: ./petrel could not build the command line tools; the startup part will say so" >&2
fi

# Every reactor build writes the same file; benchmarks comes last, so it holds the benchmarks' class path.
if tr ':' '\n' <"$classpath_file" | grep -q '/io/petrel/'; then
  echo "run-suite: the class path names Petrel jars from a Maven repository instead of this checkout's" \
       "target/classes:" >&2
  tr ':' '\n' <"$classpath_file" | grep '/io/petrel/' >&2
  exit 1
fi

# The commit measured, and whether tracked files differ from it (read-only git commands only).
if [ -z "${PETREL_BENCH_REVISION:-}" ]; then
  PETREL_BENCH_REVISION="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "unknown")"
  if [ "$PETREL_BENCH_REVISION" != "unknown" ] && ! git -C "$root" diff --quiet HEAD -- 2>/dev/null; then
    PETREL_BENCH_REVISION="$PETREL_BENCH_REVISION with uncommitted changes"
  fi
fi
revision="$PETREL_BENCH_REVISION"
exec java -Dpetrel.bench.root="$root" -Dpetrel.bench.command="benchmarks/run-suite.sh $*" -Dpetrel.bench.revision="$revision" \
  -cp "$root/benchmarks/target/test-classes:$(cat "$classpath_file")" \
  io.petrel.benchmarks.BenchmarkSuite --out "$root/docs/benchmarks" "$@"
