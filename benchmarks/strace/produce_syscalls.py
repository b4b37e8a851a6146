#!/usr/bin/env python3
"""Summarises the two strace files of benchmarks/strace/produce-syscalls.sh.

Client side (`strace -tt -T` of the producer's network thread): write/writev calls, the bytes each asked to write
(the iov_len or count) and wrote (8-byte writes, eventfd wake-ups of another thread, counted apart), how many wrote less than asked (partial: the socket's send buffer was full),
the sizes written, and epoll wake-ups. Broker side (the broker's network threads): reads that returned data, their
sizes, reads that found nothing (EAGAIN), and wake-ups; per 64 KiB the client wrote, so a run at one record size
compares across clients whatever the rate under strace."""
import collections
import re
import sys

CALL = re.compile(r'^(?:(\d+)\s+)?[\d:.]+\s+(\w+)\((\d+),(.*)\) = (-?\d+)')


def joined(path):
    """Lines with each '<unfinished ...>' call joined to its '<... resumed>' end (strace -p of several threads)."""
    open_calls = {}
    for line in open(path, errors='replace'):
        tid = line.split(' ', 1)[0]
        if line.rstrip().endswith('<unfinished ...>'):
            open_calls[tid] = line.rstrip()[:-len('<unfinished ...>')]
        elif 'resumed>' in line and tid in open_calls:
            yield open_calls.pop(tid) + line.split('resumed>', 1)[1]
        else:
            yield line


def calls(path):
    for line in joined(path):
        m = CALL.match(line)
        if m:
            yield m.group(2), int(m.group(3)), m.group(4), int(m.group(5)), line


def bucket(n):
    for limit in (64, 1024, 16384, 65535, 65536 + 4096, 131072, 262144):
        if n <= limit:
            return f"<={limit}"
    return ">256K"


def size_list(sizes):
    """'<=limit: count' pairs, smallest limit first."""
    return ", ".join(f"{k}: {v}" for k, v in sorted(sizes.items(),
                                                    key=lambda kv: int(kv[0][2:]) if kv[0][2:].isdigit() else 1 << 40))


def client(path):
    writes = partial = asked_total = written_total = wakes = small = 0
    sizes = collections.Counter()
    for name, fd, args, ret, line in calls(path):
        if name in ('write', 'writev'):
            asked = sum(int(x) for x in re.findall(r'iov_len=(\d+)', args)) if name == 'writev' \
                else int(args.rsplit(',', 1)[1])
            if ret <= 0:
                continue
            if asked <= 8:
                small += 1  # an eventfd write: this thread waking another's selector, not data for the broker
                continue
            writes += 1
            asked_total += asked
            written_total += ret
            partial += ret < asked
            sizes[bucket(ret)] += 1
        elif name.startswith('epoll') and ret > 0:
            wakes += 1
    units = max(written_total / 65536, 1e-9)
    print(f"client {path}: {written_total:,} B written in {writes} writes ({partial} partial), "
          f"{written_total / max(writes, 1):,.0f} B per write, asked {asked_total / max(writes, 1):,.0f} B per write; "
          f"per 64 KiB: {writes / units:.2f} writes, {wakes / units:.2f} wake-ups, {small / units:.2f} 8-byte (eventfd) writes; "
          f"written sizes "
          + size_list(sizes))
    return written_total


def broker(path):
    reads = empty = read_total = wakes = 0
    sizes = collections.Counter()
    for name, fd, args, ret, line in calls(path):
        if name in ('read', 'readv'):
            if ret > 0:
                reads += 1
                read_total += ret
                sizes[bucket(ret)] += 1
            elif 'EAGAIN' in line:
                empty += 1
        elif name.startswith('epoll') and ret > 0:
            wakes += 1
    units = max(read_total / 65536, 1e-9)
    print(f"broker {path}: {read_total:,} B read in {reads} reads (+{empty} EAGAIN), "
          f"{read_total / max(reads, 1):,.0f} B per read; per 64 KiB read: {reads / units:.2f} reads, "
          f"{empty / units:.2f} empty reads, {wakes / units:.2f} wake-ups; read sizes "
          + size_list(sizes))


def broker_counts(path, client_bytes):
    """`strace -c -f` of the whole broker JVM: each syscall's count per 64 KiB the client wrote."""
    units = max(client_bytes / 65536, 1e-9)
    rows = []
    for line in open(path, errors='replace'):
        parts = line.split()
        if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] not in ('total',):
            rows.append((int(parts[3]), parts[-1]))
    total = sum(c for c, _ in rows)
    print(f"broker (all threads) {path}: {total / units:.1f} syscalls per 64 KiB the client wrote: "
          + ", ".join(f"{name} {count / units:.2f}" for count, name in sorted(rows, reverse=True)[:10]))


if __name__ == '__main__':
    import os
    written = client(sys.argv[1])
    if os.path.exists(sys.argv[2]):
        broker(sys.argv[2])
    if len(sys.argv) > 3 and os.path.exists(sys.argv[3]):
        broker_counts(sys.argv[3], written)
