# Independent breadth-first count of TLA+'s TwoPhase (tlaplus/Examples,
# specifications/transaction_commit/TwoPhase.tla), to cross-check
# bench/two_phase.uffd: python3 two_phase.py NRM -> distinct, generated, levels.
import sys
R = range(int(sys.argv[1]))
init = (tuple(['working'] * len(R)), 'init', frozenset(), frozenset())
def upd(t, i, v): return tuple(v if k == i else t[k] for k in range(len(t)))
def succ(s):
    rm, tm, prep, msgs = s
    if tm == 'init' and prep == frozenset(R): yield (rm, 'committed', prep, msgs | {('Commit',)})
    if tm == 'init': yield (rm, 'aborted', prep, msgs | {('Abort',)})
    for r in R:
        if tm == 'init' and ('Prepared', r) in msgs: yield (rm, tm, prep | {r}, msgs)
        if rm[r] == 'working': yield (upd(rm, r, 'prepared'), tm, prep, msgs | {('Prepared', r)})
        if rm[r] == 'working': yield (upd(rm, r, 'aborted'), tm, prep, msgs)
        if ('Commit',) in msgs: yield (upd(rm, r, 'committed'), tm, prep, msgs)
        if ('Abort',) in msgs: yield (upd(rm, r, 'aborted'), tm, prep, msgs)
seen = {init}; fr = [init]; gen = 0; depth = 1
while fr:
    nx = []
    for s in fr:
        for t in succ(s):
            gen += 1
            if t not in seen: seen.add(t); nx.append(t)
    if nx: depth += 1
    fr = nx
print(len(seen), gen, depth)
