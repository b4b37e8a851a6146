#!/usr/bin/env python3
"""Summarises benchmarks/strace/client-hops.sh: voluntary context switches (read from /proc over the 6 s before the
trace, which lasts as long, so per request assumes the same request rate in both windows) and syscalls of the sending thread ("java") and the producer's I/O thread per Produce request, and of the consumer's
I/O and polling threads per Fetch request, counting the requests the JVM wrote in the trace window.

A request is a socket write (write or writev) whose bytes carry the client id, "producer-" or "consumer-". An
eventfd is an fd written with the 8-byte counter 1 (how a selector is woken from another thread); an epoll_wait
with timeout 0 only polls, one with a timeout may sleep. futex counts include the JVM's own (JIT queue, parkers)."""
import collections
import re
import sys

CALL = re.compile(r'^(\d+)\s+[\d:.]+\s+(\w+)\((.*)$')
RESUMED = re.compile(r'^(\d+)\s+[\d:.]+\s+<\.\.\. (\w+) resumed>(.*)$')
EVENTFD_VALUE = '"\\1\\0\\0\\0\\0\\0\\0\\0", 8'


def threads(path):
    result = {}
    for line in open(path):
        parts = line.split(' ', 2)
        if len(parts) == 3 and parts[1].isdigit():
            result[parts[0]] = (int(parts[1]), parts[2].strip())
    return result


def main(out):
    before, after = threads(out + '.before'), threads(out + '.after')
    calls = []
    for line in open(out, errors='replace'):
        m = CALL.match(line)
        if m:
            calls.append(m.groups())
    eventfds = {(tid, args.split(',')[0]) for tid, name, args in calls if name == 'write' and EVENTFD_VALUE in args}
    eventfd_numbers = {fd for _, fd in eventfds}
    counts = collections.defaultdict(collections.Counter)
    produce = fetch = 0
    for tid, name, args in calls:
        fd = args.split(',')[0]
        c = counts[tid]
        if name == 'futex':
            c['futex wake' if 'WAKE' in args else 'futex wait'] += 1
        elif name in ('epoll_wait', 'epoll_pwait', 'epoll_pwait2'):
            timeout = re.search(r', (-?\d+)(?:, NULL, 8)?\)? ', args + ' ')
            c['epoll_wait poll' if timeout and timeout.group(1) == '0' else 'epoll_wait'] += 1
        elif fd in eventfd_numbers and name in ('read', 'write'):
            c['eventfd ' + name] += 1
        elif name in ('write', 'writev', 'sendto', 'sendmsg'):
            c['socket write'] += 1
            produce += 'producer-' in args
            fetch += 'consumer-' in args
        elif name in ('read', 'readv', 'recvfrom', 'recvmsg'):
            c['socket read'] += 1
    print(f'requests written in the trace window: {produce} Produce, {fetch} Fetch')
    keys = ['switches', 'futex wait', 'futex wake', 'epoll_wait', 'epoll_wait poll', 'eventfd write', 'eventfd read',
            'socket write', 'socket read']
    for tid, c in counts.items():
        # a thread that ended inside the window (the run finished) has no second reading: no figure for it
        c['switches'] = after[tid][0] - before[tid][0] if tid in after and tid in before else 0
    name = {tid: (before.get(tid) or after.get(tid) or (0, '?'))[1] for tid in counts}
    names = sorted(counts, key=name.get)
    roles = {'Produce': ('java', 'petrel-producer', 'kafka-producer-'), 'Fetch': ('petrel-client-i', 'tail-consumer')}
    for unit, n in (('Produce', produce), ('Fetch', fetch)):
        if n == 0:
            continue
        print(f'per {unit} request:')
        print(f'  {"thread":16}' + ''.join(f'{k:>16}' for k in keys))
        for tid in names:
            c = counts[tid]
            if sum(c.values()) == 0 or name[tid] not in roles[unit]:
                continue
            print(f'  {name[tid]:16}' + ''.join(f'{c[k] / n:>16.2f}' for k in keys))

if __name__ == '__main__':
    main(sys.argv[1])
