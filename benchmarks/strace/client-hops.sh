#!/usr/bin/env bash
# Thread hand-offs and syscalls per request of the clients in the latency workload: runs LatencyTail (one pair, 30 s)
# and, once the consumer polls, straces for 6 s every client thread of the JVM (the sending thread, the producer's
# and consumer's I/O threads, the polling thread) and reads each one's voluntary context switches over the 6 s before.
# client_hops.py then prints, per thread, switches and syscalls per Produce request and per Fetch request written.
#
#   benchmarks/strace/client-hops.sh OUT [rate, default 100] [pair, default PP] [stub|kafka, default stub]
#
# Counted per request, the syscalls do not depend on load (a loaded machine only puts more records in a request);
# latencies do. Needs strace and the suite's class path
# (benchmarks/run-suite.sh builds it). strace slows what it traces: compare counts, not latencies.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"; rate="${2:-100}"; pair="${3:-PP}"; broker="${4:-stub}"
cd "$root"
cp="benchmarks/target/test-classes:$(cat benchmarks/target/suite-classpath.txt)"
java -cp "$cp" io.petrel.benchmarks.suite.LatencyTail "$broker" "$rate" 30 1 "$pair" >"$out.log" 2>&1 &
jvm=$!
for _ in $(seq 1 240); do
  sleep 0.5
  [ -d /proc/"$jvm" ] || break
  grep -qx tail-consumer /proc/"$jvm"/task/*/comm 2>/dev/null && break
done
sleep 3
switches() {
  for t in /proc/"$jvm"/task/*; do
    echo "${t##*/} $(grep -h '^voluntary_ctxt_switches' "$t"/status 2>/dev/null | awk '{print $2}') $(cat "$t"/comm 2>/dev/null)"
  done
}
# Switches are read over 6 s before the trace: a traced thread also switches at each syscall stop.
switches >"$out.before"
sleep 6
switches >"$out.after"
tids=$(for t in /proc/"$jvm"/task/*; do
  case "$(cat "$t"/comm 2>/dev/null)" in java|petrel-client-i|petrel-producer|kafka-producer-|tail-consumer) echo -n "-p ${t##*/} ";; esac
done)
# shellcheck disable=SC2086
timeout -s INT 6 strace -tt -e trace=futex,epoll_wait,epoll_pwait,epoll_pwait2,read,write,writev,readv,sendto,recvfrom,sendmsg,recvmsg $tids -o "$out" 2>/dev/null
wait "$jvm"
grep -E "^  $pair e2e" "$out.log" || true
python3 "$root/benchmarks/strace/client_hops.py" "$out"
