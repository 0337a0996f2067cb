"""CPU per request by category (idle, SHA-256 and other JIT stubs, kernel disk/network/scheduling, JIT
compilers, Java by package) and busy CPU per thread name, for profile.sh runs side by side.
usage: perf-categories.py OUT [OUT...]"""
import collections, json, re, sys
SECONDS, CPUS = 15, 2
def stacks(path):
    for block in open(path).read().split('\n\n'):
        lines = [l.strip() for l in block.strip().split('\n')]
        if len(lines) > 1:
            yield lines[0], [re.sub(r'^[0-9a-f]+ ', '', l) for l in lines[1:]]
def cat(comm, s):
    top = s[0]
    if 'safe_halt' in top or top.endswith('default_idle'): return 'idle'
    if comm.startswith(('GC Thread', 'G1 ')): return 'gc'
    if comm.startswith(('C2 Compiler', 'C1 Compiler')): return 'jit-compiler'
    if 'StubRoutines' in top: return 'sha-stub'
    joined = ' '.join(s[:40])
    if re.search(r'^[a-z_0-9.]+$', top.split()[-1]) and '.' not in top.split()[-1][:1]:
        # kernel-ish top frame
        if re.search(r'fsync|ext4|jbd2|blk_|nvme|virtblk', joined): return 'k-disk'
        if re.search(r'tcp_|ip_|skb|sock|net_rx|loopback', joined): return 'k-net'
        if re.search(r'futex|schedule|epoll|switch', joined): return 'k-sched'
        return 'k-other'
    if 'copy' in top.lower() or 'arraycopy' in top: return 'copy'
    m = re.sub(r'\(.*', '', top).split()[-1]
    for p in ('dev.pbft.protocol.codec', 'dev.pbft.protocol', 'dev.pbft.replica', 'dev.pbft.client', 'dev.pbft.crypto', 'dev.pbft', 'io.netty', 'com.esotericsoftware', 'java.', 'jdk.', 'sun.'):
        if m.startswith(p): return 'j:' + p
    return 'other:' + m[:40]
res = {}
for out in sys.argv[1:]:
    ops = json.load(open(f'{out}/result.json'))['summary']['opsPerSecondMean'] * SECONDS
    ss = list(stacks(f'{out}.d/perf.script'))
    per = SECONDS * CPUS * 1e6 / len(ss) / ops
    c = collections.Counter(); t = collections.Counter()
    for head, s in ss:
        comm = re.sub(r'\s+\d+$', '', head)
        k = cat(comm, s); c[k] += per
        if k != 'idle': t[re.sub(r'[#\-]?\d+$', '', comm)[:18]] += per
    res[out] = (ops / SECONDS, c, t)
outs = sys.argv[1:]
print('%-28s' % 'category' + ''.join('%12s' % o.split('/')[-1] for o in outs))
print('%-28s' % 'ops/s' + ''.join('%12.0f' % res[o][0] for o in outs))
keys = sorted(set().union(*[res[o][1] for o in outs]), key=lambda k: -max(res[o][1][k] for o in outs))
for k in keys[:30]: print('%-28s' % k + ''.join('%12.1f' % res[o][1][k] for o in outs))
print('--- threads (busy)')
keys = sorted(set().union(*[res[o][2] for o in outs]), key=lambda k: -max(res[o][2][k] for o in outs))
for k in keys[:20]: print('%-28s' % k + ''.join('%12.1f' % res[o][2][k] for o in outs))
