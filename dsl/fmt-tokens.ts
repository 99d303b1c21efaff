// The token stream `uffd-spec fmt` lays out: every terminal of the parse
// tree with the syntactic rule it belongs to, and the comments that the
// grammar's `space` rule skipped, recovered from the gaps between tokens.
import type * as ohm from 'ohm-js';
import { getGrammar } from './parse.js';

export interface FmtToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly rule: string; // innermost syntactic rule: `Block`, `Primary_call`, `PostOp_index`
  readonly declStart: boolean; // first token of a top-level declaration (or of `spec NAME`)
  readonly stmtStart: boolean; // first token of a statement
  readonly stmtInStep: boolean; // ... of a statement directly in a step (not in a block)
  readonly stepLabel: boolean; // the label of a step
  readonly declKind: string; // for declStart: the rule (`ProcessDecl`, `ConstDecl`)
  readonly labelWidth: number; // inside a process: the column width of its step labels
}

export interface FmtComment {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type FmtItem = ({ readonly kind: 'token' } & FmtToken) | ({ readonly kind: 'comment' } & FmtComment);

let semantics: ohm.Semantics | undefined;

type Starts = { declStart: boolean; stmtStart: boolean; stmtInStep: boolean; declKind: string };
const NONE: Starts = { declStart: false, stmtStart: false, stmtInStep: false, declKind: '' };
interface Walk {
  out: FmtToken[];
  // where declarations and statements start (Ohm walks `(sep elem)*` by
  // column, not in source order: flags are given by position afterwards)
  starts: Map<number, Starts>;
  labelWidth: number;
}
let w: Walk;

// A step label column: at least 8 wide (`notify: `), or the longest label plus `: `.
function labelWidthOf(node: ohm.Node): number {
  const steps = node.children[4].children;
  const longest = Math.max(0, ...steps.map((s) => s.children[0].sourceString.length));
  return Math.max(8, longest + 2);
}

function push(n: ohm.Node, rule: string, stepLabel = false): void {
  if (n.source.endIdx === n.source.startIdx) return; // `end`, an empty iteration
  w.out.push({ text: n.sourceString, start: n.source.startIdx, end: n.source.endIdx, rule, stepLabel, labelWidth: w.labelWidth, ...NONE });
}

function mark(n: ohm.Node, s: Partial<Starts>): void {
  const at = n.source.startIdx;
  w.starts.set(at, { ...(w.starts.get(at) ?? NONE), ...s });
}

function getSemantics(): ohm.Semantics {
  if (semantics) return semantics;
  const s = getGrammar().createSemantics();
  s.addOperation('fmtTokens(rule)', {
    _nonterminal(this: ohm.Node, ...children: ohm.Node[]) {
      const name = this.ctorName;
      // lexical rules (ident, number, kw_var, cmpOp) are one token each
      if (/^[a-z]/.test(name)) { push(this, this.args.rule as string); return; }
      if (name === 'Decl' || name === 'SpecHeader') mark(this, { declStart: true, declKind: name === 'Decl' ? children[0].ctorName : name });
      if (name === 'StmtItem') mark(this, { stmtStart: true, stmtInStep: this.args.rule === 'Step' });
      const saved = w.labelWidth;
      if (name === 'ProcessDecl') w.labelWidth = labelWidthOf(this);
      if (name === 'Step') {
        push(children[0], 'Step', true);
        for (const c of children.slice(1)) c.fmtTokens(name);
      } else {
        for (const c of children) c.fmtTokens(name);
      }
      w.labelWidth = saved;
    },
    _terminal(this: ohm.Node) { push(this, this.args.rule as string); },
    _iter(this: ohm.Node, ...children: ohm.Node[]) { for (const c of children) c.fmtTokens(this.args.rule); },
  });
  semantics = s;
  return s;
}

// The comments in a gap of the source that holds only spaces and comments.
function commentsIn(text: string, from: number, to: number): FmtComment[] {
  const out: FmtComment[] = [];
  let i = from;
  while (i < to) {
    if (text.startsWith('//', i)) {
      let e = text.indexOf('\n', i);
      if (e < 0 || e > to) e = to;
      out.push({ text: text.slice(i, e).trimEnd(), start: i, end: e });
      i = e;
    } else if (text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2) + 2;
      out.push({ text: text.slice(i, e), start: i, end: e });
      i = e;
    } else {
      i++;
    }
  }
  return out;
}

// Tokens and comments in source order, or null when the text does not match
// the grammar (the caller reports the parser's error).
export function fmtItems(text: string): FmtItem[] | null {
  const m = getGrammar().match(text);
  if (m.failed()) return null;
  w = { out: [], starts: new Map(), labelWidth: 8 };
  getSemantics()(m).fmtTokens('Spec');
  const tokens = w.out.sort((a, b) => a.start - b.start).map((t) => ({ ...t, ...(w.starts.get(t.start) ?? NONE) }));
  const items: FmtItem[] = [];
  let at = 0;
  for (const t of tokens) {
    for (const c of commentsIn(text, at, t.start)) items.push({ kind: 'comment', ...c });
    items.push({ kind: 'token', ...t });
    at = t.end;
  }
  for (const c of commentsIn(text, at, text.length)) items.push({ kind: 'comment', ...c });
  return items;
}
