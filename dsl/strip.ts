// Deep copy of an IR value without `span` fields, for comparing specs.
export function stripSpans<T>(x: T): T {
  if (Array.isArray(x)) return x.map((e) => stripSpans(e)) as unknown as T;
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) {
      if (k === 'span') continue;
      out[k] = stripSpans(v);
    }
    return out as T;
  }
  return x;
}
