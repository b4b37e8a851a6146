#!/usr/bin/env python3
"""Summarises the two strace files of benchmarks/strace/fetch-syscalls.sh.

Broker side (`strace -tt -T` of broker-stub's network threads): on the consumer's connections (those whose requests
carry a client id starting "consumer-"), each fetch response starts with a writev whose first buffer is the 9-byte
size and header; it counts the send syscalls (writev, write, sendfile) per response and the time from the
response's first writev to its sendfile (the head leaving ahead of its records).

Client side (`strace -tt -T` of the consumer's I/O thread): fetch requests written, epoll_wait returns with events
(wake-ups) and reads returning data, per fetch request; and how many reads took 75 bytes or fewer (a head or a
trailer alone)."""
import re
import statistics
import sys

CALL = re.compile(r'^(?:(\d+)\s+)?(\d+):(\d+):([\d.]+)\s+(\w+)\((\d+)')


def calls(path):
    for line in open(path, errors='replace'):
        m = CALL.match(line)
        if m:
            seconds = int(m.group(2)) * 3600 + int(m.group(3)) * 60 + float(m.group(4))
            yield m.group(1) or '-', seconds, m.group(5), m.group(6), line


def broker(path):
    parsed = list(calls(path))
    consumer = {(tid, fd) for tid, _, name, fd, line in parsed if name == 'read' and 'consumer-' in line}
    responses, current, head_at, gaps = [], {}, {}, []
    for tid, t, name, fd, line in parsed:
        key = (tid, fd)
        if key not in consumer or name not in ('writev', 'write', 'sendfile'):
            continue
        if name == 'writev' and 'iov_len=9}' in line.split('}', 1)[0] + '}':
            current[key] = []
            responses.append(current[key])
            head_at[key] = t
        if key in current:
            current[key].append(name)
        if name == 'sendfile' and key in head_at:
            gaps.append((t - head_at.pop(key)) * 1000)
    if not responses:
        print(f"{path}: no fetch responses found")
        return
    counts = [len(r) for r in responses]
    print(f"{path}: {len(responses)} fetch responses, {sum(1 for r in responses if 'sendfile' in r)} with sendfile; "
          f"send syscalls per response mean {statistics.mean(counts):.2f} ("
          + ", ".join(f"{k}: {counts.count(k)}" for k in sorted(set(counts))) + ")")
    if len(gaps) > 1:
        print(f"  head writev -> sendfile: median {statistics.median(gaps):.3f} ms, "
              f"p90 {statistics.quantiles(gaps, n=10)[-1]:.3f} ms, max {max(gaps):.3f} ms")


def client(path):
    lines = open(path, errors='replace').read().splitlines()
    fetches = sum(1 for l in lines if re.search(r'\bwritev?\(', l) and 'consumer-' in l)
    wakes = sum(1 for l in lines if 'epoll_wait(' in l and re.search(r'\) = [1-9]\d* <', l))
    sizes = [int(m.group(1)) for l in lines for m in [re.search(r'\bread\(\d+, .*\) = (\d+) <', l)] if m]
    per = max(fetches, 1)
    print(f"{path}: {fetches} fetch requests; consumer I/O thread wake-ups {wakes} ({wakes / per:.2f} per fetch), "
          f"reads with data {len(sizes)} ({len(sizes) / per:.2f} per fetch), "
          f"of which <= 75 B {sum(1 for s in sizes if s <= 75)}")


if __name__ == '__main__':
    broker(sys.argv[1])
    if len(sys.argv) > 2:
        client(sys.argv[2])
