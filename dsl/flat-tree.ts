// A deep tree of plain data as a flat list and back, both with loops:
// structured cloning (postMessage) recurses once per level and overflows
// the default stack on a spec's IR nested 1,000 levels deep.
type Flat = { kind: 'o' | 'a' | 'm' | 's'; entries: [unknown, unknown][] };
// a value in a list: a primitive as itself, a node as { ref: index }
type Cell = { ref: number } | { v: unknown };

export function flatten(root: unknown): Flat[] {
  const nodes: Flat[] = [];
  const seen = new Map<object, number>();
  const cell = (x: unknown): Cell => {
    if (x === null || typeof x !== 'object') return { v: x };
    let i = seen.get(x);
    if (i === undefined) {
      i = nodes.length;
      seen.set(x, i);
      nodes.push({ kind: Array.isArray(x) ? 'a' : x instanceof Map ? 'm' : x instanceof Set ? 's' : 'o', entries: [] });
      todo.push([x, i]);
    }
    return { ref: i };
  };
  const todo: [object, number][] = [];
  cell(root);
  while (todo.length) {
    const [x, i] = todo.pop()!;
    const pairs: [unknown, unknown][] = x instanceof Map ? [...x] : x instanceof Set ? [...x].map((v) => [null, v]) : Object.entries(x);
    nodes[i].entries = pairs.map(([k, v]) => [cell(k), cell(v)]);
  }
  return nodes;
}

export function unflatten(nodes: Flat[]): unknown {
  const made = nodes.map((n) => (n.kind === 'a' ? [] : n.kind === 'm' ? new Map() : n.kind === 's' ? new Set() : {})) as object[];
  const val = (c: unknown): unknown => ('ref' in (c as Cell) ? made[(c as { ref: number }).ref] : (c as { v: unknown }).v);
  nodes.forEach((n, i) => {
    const o = made[i];
    for (const [k, v] of n.entries) {
      if (o instanceof Map) o.set(val(k), val(v));
      else if (o instanceof Set) o.add(val(v));
      else (o as Record<string, unknown>)[val(k) as string] = val(v);
    }
  });
  return made[0];
}
