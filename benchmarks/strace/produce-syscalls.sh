#!/usr/bin/env bash
# How a producer's requests reach the broker: runs ProducerCostProfile with one client against one broker JVM
# and, once that client is sending, straces for some seconds the client's network thread (OUT.client) and the
# broker's network threads (OUT.broker), then summarises both with produce_syscalls.py: the client's writes per
# request (bytes asked and written, partial writes), epoll wake-ups, and the broker's reads per request.
#
#   benchmarks/strace/produce-syscalls.sh OUT [stub|kafka] [petrel|kafka] [record size] [acks] [compression] \
#       [seconds to trace, default 5] [client-core classes dir, default this checkout's]
#
# The last argument runs the client with other client-core classes (e.g. a copy of main's target/classes), so two
# versions can be compared on the same benchmark build. Needs strace and the benchmarks' test class path in
# benchmarks/target/test-classpath.txt (see benchmarks/README.md, ProducerCostProfile). strace slows what it
# traces: compare counts and sizes, not times.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"; kind="${2:-kafka}"; client="${3:-petrel}"; size="${4:-1024}"; acks="${5:-1}"; compression="${6:-none}"
seconds="${7:-5}"; core="${8:-}"
cd "$root"
cp="benchmarks/target/test-classes:$(cat benchmarks/target/test-classpath.txt)"
if [ -n "$core" ]; then cp="${cp//$root\/client-core\/target\/classes/$core}"; fi
java -cp "$cp" io.petrel.benchmarks.suite.ProducerCostProfile "$kind" "$size" 3000000 1 "$acks" "$compression" \
    "$client" >"$out.log" 2>&1 &
jvm=$!
case "$client" in petrel) wanted="petrel-producer" ;; *) wanted="kafka-producer-" ;; esac
case "$kind" in stub) network="petrel-network-" ;; *) network="data-plane-kafk" ;; esac
threads=""; sender=""
for _ in $(seq 1 240); do
  sleep 0.5
  broker=$(ps -o pid= --ppid "$jvm" | head -1 | tr -d ' ' || true)
  [ -z "$broker" ] && continue
  sender=$(for t in /proc/"$jvm"/task/*; do [ "$(cat "$t"/comm 2>/dev/null)" = "$wanted" ] && echo -n "-p ${t##*/} "; done)
  threads=$(for t in /proc/"$broker"/task/*; do [ "$(cat "$t"/comm 2>/dev/null)" = "$network" ] && echo -n "-p ${t##*/} "; done)
  [ -n "$sender" ] && [ -n "$threads" ] && break
done
sleep 4 # the warm-up's first seconds: connections made, JIT under way
# shellcheck disable=SC2086
timeout "$seconds" strace -tt -T ${CLIENT_STRACE_OPTS:-} $sender -e trace=write,writev,read,epoll_wait,epoll_pwait -o "$out.client" 2>/dev/null &
# shellcheck disable=SC2086
if [ "${BROKER_COUNTS:-}" = 1 ]; then
  timeout "$seconds" strace -f -c -p "$broker" -o "$out.broker-counts" 2>/dev/null &
else
  timeout "$seconds" strace -tt -T $threads -e trace=read,readv,write,writev,epoll_wait,epoll_pwait -o "$out.broker" 2>/dev/null &
fi
wait %2 %3 2>/dev/null
kill "$jvm" 2>/dev/null; wait "$jvm" 2>/dev/null
[ -n "${broker:-}" ] && kill "$broker" 2>/dev/null
python3 "$root/benchmarks/strace/produce_syscalls.py" "$out.client" "$out.broker" "$out.broker-counts"
