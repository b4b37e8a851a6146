#!/usr/bin/env bash
# How broker-stub's fetch responses leave, and how often they wake the consumer: runs LatencyTail (one PP pair,
# 14 s) and, once the consumer is connected, straces for 6 s the broker's network threads (OUT) and the client
# JVM's petrel-client I/O threads (OUT.client). Then summarises both with fetch_syscalls.py.
#
#   benchmarks/strace/fetch-syscalls.sh OUT [rate, default 10000] [broker-stub classes dir, default this checkout's]
#
# The third argument runs the broker with other broker-stub classes (e.g. a copy of main's target/classes), so
# two versions can be compared on the same benchmark build. Needs strace and the suite's class path
# (benchmarks/run-suite.sh builds it). strace slows what it traces: compare counts, not latencies.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"; rate="${2:-10000}"; stub="${3:-}"
cd "$root"
cp="benchmarks/target/test-classes:$(cat benchmarks/target/suite-classpath.txt)"
if [ -n "$stub" ]; then cp="${cp//$root\/broker-stub\/target\/classes/$stub}"; fi
java -cp "$cp" io.petrel.benchmarks.suite.LatencyTail stub "$rate" 14 1 PP >"$out.log" 2>&1 &
jvm=$!
broker=""; threads=""; client=""
for _ in $(seq 1 120); do
  sleep 0.5
  broker=$(ps -o pid= --ppid "$jvm" | head -1 | tr -d ' ' || true)
  [ -z "$broker" ] && continue
  threads=$(for t in /proc/"$broker"/task/*; do [ "$(cat "$t"/comm 2>/dev/null)" = "petrel-network-" ] && echo -n "-p ${t##*/} "; done)
  client=$(for t in /proc/"$jvm"/task/*; do case "$(cat "$t"/comm 2>/dev/null)" in petrel-client*) echo -n "-p ${t##*/} ";; esac; done)
  [ "$(echo $threads | wc -w)" -ge 6 ] && [ -n "$client" ] && break
done
sleep 2
# shellcheck disable=SC2086
timeout 6 strace -tt -T $threads -e trace=writev,write,sendfile,pread64,newfstatat,read,epoll_wait -o "$out" 2>/dev/null &
# shellcheck disable=SC2086
timeout 6 strace -tt -T $client -e trace=writev,write,read,epoll_wait -o "$out.client" 2>/dev/null &
wait "$jvm"
grep -E "^  PP e2e" "$out.log" || true
python3 "$root/benchmarks/strace/fetch_syscalls.py" "$out" "$out.client"
