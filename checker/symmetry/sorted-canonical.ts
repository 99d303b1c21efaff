// The canonical form by sorting, for the common case where a symmetric set's
// members are only map keys (no slot holds a member, no slot is keyed by two
// members): there a permutation moves whole per-member runs of slots, so
// sorting each set's members by their run (read as one mixed-radix number,
// by code generated once) is a canonical form, and members with equal runs
// are exactly the stabiliser. No candidate permutations, no signatures, and
// a state already sorted is its own representative (no copy).

export interface SortedSet {
  readonly k: number; // members
  readonly own: readonly (readonly number[])[]; // per member: its slots, in corresponding order
}

export class SortedCanonical {
  private readonly keys: Float64Array; // per member of every set, its run as one number
  private readonly fillKeys: (w: Int32Array, keys: Float64Array) => void;
  private readonly ord: Int32Array; // scratch: one set's members in sorted order
  private readonly best: Int32Array;
  private readonly factorial: Float64Array;
  lastOrbitSize = 1;

  // span[j]: largest value of slot j (slots hold value - lo, from 0)
  constructor(private readonly sets: readonly SortedSet[], span: Int32Array, size: number, private readonly groupSize: number) {
    const kMax = sets.reduce((n, s) => Math.max(n, s.k), 0);
    this.keys = new Float64Array(sets.reduce((n, s) => n + s.k, 0));
    this.ord = new Int32Array(kMax);
    this.best = new Int32Array(size);
    this.factorial = new Float64Array(kMax + 1);
    this.factorial[0] = 1;
    for (let i = 1; i <= kMax; i++) this.factorial[i] = this.factorial[i - 1] * i;
    this.fillKeys = compileKeys(sets, span);
  }

  canonical(w: Int32Array): Int32Array {
    const keys = this.keys, ord = this.ord;
    this.fillKeys(w, keys);
    let out = w;
    let stabiliser = 1;
    let base = 0;
    for (const st of this.sets) {
      const k = st.k;
      for (let i = 0; i < k; i++) {
        // insertion sort of the members by key (k is small); stable, so a
        // sorted set keeps the identity and needs no copy
        const m = i, key = keys[base + m];
        let j = i - 1;
        while (j >= 0 && keys[base + ord[j]] > key) { ord[j + 1] = ord[j]; j--; }
        ord[j + 1] = m;
      }
      let run = 1;
      for (let i = 1; i <= k; i++) {
        if (i < k && keys[base + ord[i]] === keys[base + ord[i - 1]]) run++;
        else { stabiliser *= this.factorial[run]; run = 1; }
      }
      for (let pos = 0; pos < k; pos++) {
        const m = ord[pos];
        if (m === pos) continue;
        if (out === w) { out = this.best; out.set(w); }
        const to = st.own[pos], from = st.own[m];
        for (let i = 0; i < to.length; i++) out[to[i]] = w[from[i]];
      }
      base += k;
    }
    this.lastOrbitSize = this.groupSize / stabiliser;
    return out;
  }
}

// Whether every member's run, read as one mixed-radix number, is exact in a
// double (else the general search of canonical.ts is used).
export function keysFit(sets: readonly SortedSet[], span: Int32Array): boolean {
  return sets.every((st) => (st.own[0] ?? []).reduce((n, j) => n * (span[j] + 1), 1) <= Number.MAX_SAFE_INTEGER);
}

// keys[base + m] = member m's run as a mixed-radix number, first slot most
// significant, so numeric order is the lexicographic order of the runs.
function compileKeys(sets: readonly SortedSet[], span: Int32Array): (w: Int32Array, keys: Float64Array) => void {
  const lines: string[] = [];
  let base = 0;
  for (const st of sets) {
    for (let m = 0; m < st.k; m++) {
      let expr = '0';
      for (const j of st.own[m]) expr = expr === '0' ? `w[${j}]` : `(${expr}) * ${span[j] + 1} + w[${j}]`;
      lines.push(`keys[${base + m}] = ${expr};`);
    }
    base += st.k;
  }
  return new Function('w', 'keys', lines.join('\n')) as (w: Int32Array, keys: Float64Array) => void;
}
