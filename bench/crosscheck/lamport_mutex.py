# Independent breadth-first count of TLA+'s LamportMutex (tlaplus/Examples,
# specifications/lamport_mutex/LamportMutex.tla) with the MC model's state
# constraint, to cross-check bench/lamport_mutex.uffd: python3 lamport_mutex.py N MAXCLOCK
# prints distinct states, generated successors, levels (TLC's depth).
import sys
N, MAXC = int(sys.argv[1]), int(sys.argv[2])
P = range(N)
def init():
    return (tuple([1]*N), tuple(tuple([0]*N) for _ in P), tuple(frozenset() for _ in P),
            tuple(tuple(() for _ in P) for _ in P), frozenset())
def setnet(net, a, b, v):
    return tuple(tuple(v if (i, j) == (a, b) else net[i][j] for j in P) for i in P)
def setreq(req, a, b, v):
    return tuple(tuple(v if (i, j) == (a, b) else req[i][j] for j in P) for i in P)
def upd(t, i, v):
    return tuple(v if k == i else t[k] for k in range(len(t)))
def bcast(net, s, m):
    for r in P:
        if r != s: net = setnet(net, s, r, net[s][r] + (m,))
    return net
def beats(req, p, q):
    return req[p][q] == 0 or req[p][p] < req[p][q] or (req[p][p] == req[p][q] and p < q)
def succ(st):
    clock, req, ack, net, crit = st
    for p in P:
        if req[p][p] == 0:
            yield (clock, setreq(req, p, p, clock[p]), upd(ack, p, frozenset([p])), bcast(net, p, ('req', clock[p])), crit)
        if ack[p] == frozenset(P) and all(beats(req, p, q) for q in P if q != p):
            yield (clock, req, ack, net, crit | {p})
        if p in crit:
            yield (clock, setreq(req, p, p, 0), upd(ack, p, frozenset()), bcast(net, p, ('rel', 0)), crit - {p})
    for p in P:
        for q in P:
            if p == q or not net[q][p]: continue
            t, c = net[q][p][0]
            n2 = setnet(net, q, p, net[q][p][1:])
            if t == 'req':
                n3 = setnet(n2, p, q, n2[p][q] + (('ack', 0),))
                yield (upd(clock, p, c + 1 if c > clock[p] else clock[p] + 1), setreq(req, p, q, c), ack, n3, crit)
            elif t == 'ack':
                yield (clock, req, upd(ack, p, ack[p] | {q}), n2, crit)
            else:
                yield (clock, setreq(req, p, q, 0), ack, n2, crit)
def ok(st):
    return all(c <= MAXC for c in st[0])
seen = {init()}
frontier = [init()]
gen = 0; depth = 1
while frontier:
    nxt = []
    for s in frontier:
        for t in succ(s):
            gen += 1
            assert all(len(st) <= 3 for row in t[3] for st in row)
            assert len(t[4]) <= 1
            if not ok(t) or t in seen: continue
            seen.add(t); nxt.append(t)
    if nxt: depth += 1
    frontier = nxt
print(len(seen), gen, depth)
