"""Summarises profile.sh runs: busy and idle CPU per operation, SHA-256 (the JIT's SHA stubs) per
operation, and who calls the hashing. usage: perf-summary.py OUT [OUT...]"""
import collections, json, re, sys

SECONDS, CPUS = 15, 2


def stacks(path):
    for block in open(path).read().split('\n\n'):
        lines = [l.strip() for l in block.strip().split('\n')]
        if len(lines) > 1:
            yield [re.sub(r'^[0-9a-f]+ ', '', l) for l in lines[1:]]


def method(frame):
    return re.sub(r'\(.*', '', frame).split()[-1]


for out in sys.argv[1:]:
    ops = json.load(open(f'{out}/result.json'))['summary']['opsPerSecondMean'] * SECONDS
    samples = list(stacks(f'{out}.d/perf.script'))
    per_op = SECONDS * CPUS * 1e6 / len(samples) / ops  # µs of CPU per operation per sample
    idle = sum(1 for s in samples if 'safe_halt' in s[0] or s[0].endswith('default_idle'))
    sha = [s for s in samples if 'StubRoutines' in s[0]]
    callers = collections.Counter()
    for s in sha:
        named = [method(f) for f in s[1:] if 'StubRoutines' not in f and 'Interpreter' not in f]
        named = [m for m in named if not m.startswith(('java.security', 'sun.security', 'dev.pbft.crypto.Digests'))]
        callers[' <- '.join(named[:2])] += 1
    print(f'{out}: {ops / SECONDS:,.0f} ops/s; busy {(len(samples) - idle) * per_op:.1f} µs/op, '
          f'idle {idle * per_op:.1f}, JIT stubs (SHA-256 mostly) {len(sha) * per_op:.1f}')
    for k, v in callers.most_common(12):
        print(f'  {v * per_op:5.2f} µs/op  {k[:150]}')
