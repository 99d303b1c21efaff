// How deeply a spec nests, measured on the text before it is parsed: the
// parser and the checker recurse once per level, so a deep spec runs on a
// big stack (dsl/big-stack.ts) and one nested past MAX_NESTING brackets is
// refused at its deepest bracket, in milliseconds.
export const MAX_NESTING = 1000;

// The deepest bracket ( [ { outside comments and strings, as [depth, offset].
export function deepestBracket(text: string): { depth: number; offset: number } {
  let depth = 0, best = 0, at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) { const e = text.indexOf('\n', i); i = e < 0 ? text.length : e; continue; }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) { const e = text.indexOf('*/', i + 2); i = e < 0 ? text.length : e + 1; continue; }
    if (c === 34 /* " */) { const e = text.indexOf('"', i + 1); i = e < 0 ? text.length : e; continue; }
    if (c === 40 || c === 91 || c === 123) { if (++depth > best) { best = depth; at = i; } }
    else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return { depth: best, offset: at };
}

export function tooDeepMessage(depth: number): string {
  return `brackets nested ${depth} levels deep; the front end accepts at most ${MAX_NESTING} (name inner parts with def or let)`;
}

// A stack overflow in the front end: what to tell the user instead.
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

export const OVERFLOW_MESSAGE = 'this spec nests or chains too deeply for the front end (about 1,000 else-ifs or nested quantifiers, ' +
  `${MAX_NESTING} levels of brackets, and in an expression the checker evaluates about 600 nested if-then-elses or 1,000 operators in one chain, are the limits): ` +
  'split long chains into several defs, or use forall/exists over a set';

// The top-level declaration holding the most deeply nested node of an AST
// (walked with an explicit stack: the AST may be deeper than the JS stack).
export function deepestDeclaration<T extends object>(decls: readonly T[]): T | null {
  let best: T | null = null, bestDepth = -1;
  for (const d of decls) {
    const todo: [unknown, number][] = [[d, 0]];
    while (todo.length) {
      const [v, depth] = todo.pop()!;
      if (v === null || typeof v !== 'object') continue;
      if (depth > bestDepth) { bestDepth = depth; best = d; }
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (k !== 'span' && k !== 'nameSpan') todo.push([x, depth + 1]);
    }
  }
  return best;
}

// Binary operators in one top-level declaration: real specs have under a
// hundred; a generated chain of many thousands would take the parser
// seconds per thousand and then overflow the stack, so it is refused first.
export const MAX_OPERATORS = 2000;
const DECL = /\n(?=(?:spec|const|enum|type|def|ghost|var|init|action|process|invariant|constraint|property|fairness|symmetric)\b)/g;
const OPERATOR = /\|\||&&|==|!=|<=|>=|=>|\\\/|\/\\|[+*%<>]|\b(?:or|and|union|inter|minus)\b/g;

// The declaration with the most operators, as [count, offset of its start].
export function busiestDeclaration(text: string): { count: number; offset: number } {
  const code = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"[^"\n]*"/g, (m) => m.replace(/[^\n]/g, ' '));
  let best = { count: 0, offset: 0 };
  let start = 0;
  const ends = [...code.matchAll(DECL)].map((m) => m.index! + 1);
  for (const end of [...ends, code.length]) {
    const count = code.slice(start, end).match(OPERATOR)?.length ?? 0;
    if (count > best.count) best = { count, offset: start };
    start = end;
  }
  return best;
}

export function tooManyOperatorsMessage(count: number): string {
  return `this declaration has ${count.toLocaleString('en-US')} operators; the front end accepts at most ${MAX_OPERATORS} in one declaration (split it into defs, or use forall/exists over a set)`;
}
