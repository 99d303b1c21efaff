// `uffd-spec fmt`: the canonical layout of a .uffd file, from its parse tree
// (dsl/fmt-tokens.ts). Line breaks inside a declaration are the author's, as
// with gofmt; everything else is fixed: indentation by structure, one space
// between tokens (none inside brackets, before `,` `;` `:`, around `.` `..`,
// after a unary operator, between a name and its `(` or `[`), step labels
// padded to one column per process, trailing comments aligned in runs, at
// most one blank line, one around each process, action and init.
// docs/fmt.md has the rules; dsl/fmt-check.ts guards that the IR is unchanged.
import { fmtItems, type FmtItem, type FmtToken } from './fmt-tokens.js';

const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<<': '>>' };
const CLOSERS = new Set(Object.values(PAIRS));
const BLOCK_RULES = new Set(['Block', 'ProcessDecl', 'EnumDecl', 'Primary_match', 'MatchStmt']);
const TYPE_ANGLE = new Set(['Type_set', 'Type_queue', 'Type_rwsemN', 'Type_atomic']);
const CALL_PARENS = new Set(['Primary_call', 'CallStmt', 'Params', 'DefParams', 'FairnessDecl', 'FairArgs', 'VariantFields', 'Primary_namedCall', 'MatchBinds']);
const INDEX = new Set(['PostOp_index', 'LPath_index', 'ExceptPath_index']);
const BLOCK_DECLS = new Set(['ProcessDecl', 'ActionDecl', 'InitDecl']);
const COMMENT_GAP = 2; // spaces between the longest line of a run and its comments
const INDENT = 2;

function isOpener(t: FmtToken): boolean {
  return t.text in PAIRS || (t.text === '<' && TYPE_ANGLE.has(t.rule));
}
function isCloser(t: FmtToken): boolean {
  return CLOSERS.has(t.text) || (t.text === '>' && TYPE_ANGLE.has(t.rule));
}
function isBlockBrace(t: FmtToken): boolean {
  return (t.text === '{' || t.text === '}') && BLOCK_RULES.has(t.rule);
}

// No space between a and b?
function tight(a: FmtToken, b: FmtToken): boolean {
  if (isBlockBrace(a) && a.text === '{' && isBlockBrace(b) && b.text === '}') return true; // {}
  if (isOpener(a) && !isBlockBrace(a)) return true;
  if ((a.text === '!' || a.text === '~') && (a.rule === 'Not_not' || a.rule === 'NotNI_not' || a.rule === 'ExceptItem')) return true;
  if ((a.text === '[]' && a.rule === 'Not_always') || (a.text === '<>' && a.rule === 'Not_eventually') || (a.text === '-' && a.rule === 'Unary_neg')) return true;
  if (a.text === '.' || a.text === '..') return true;
  // [][A]_v and x' (action properties): written without spaces, as in TLA+
  if (a.rule === 'Not_actionBox' && (a.text === '[]' || a.text === '_')) return true;
  if ((b.text === '_' && b.rule === 'Not_actionBox') || (b.text === "'" && b.rule === 'PostOp_prime')) return true;
  if (isCloser(b) && !isBlockBrace(b)) return true;
  if (b.text === ',' || b.text === ';' || b.text === '.' || b.text === '..') return true;
  if (b.text === ':' && b.rule !== 'Primary_setMap') return true;
  if (b.text === '(' && CALL_PARENS.has(b.rule)) return true;
  if (b.text === '[' && INDEX.has(b.rule)) return true;
  if (b.text === '<' && TYPE_ANGLE.has(b.rule)) return true;
  return false;
}

interface Line {
  indent: number;
  code: string; // without the indent
  comment: string | null; // a trailing `//` comment, aligned with its run
  cont: boolean; // a comment-only line that continues the trailing comment above
  blank: boolean; // a blank line before it
  hasToken: boolean;
  declKind: string; // the line starts a declaration of this kind
  deferIndent: boolean; // a comment-only line: indented like the next line of code
  opensOnly: boolean; // its last token opens a bracket (no blank line after it)
}

interface Open { readonly token: FmtToken; readonly block: boolean; readonly inner: number; readonly close: number; readonly savedStmt: number }

function sourceCol(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

// The canonical text, or null when `text` does not parse.
export function formatText(text: string): string | null {
  const items = fmtItems(text);
  if (!items) return null;
  const lines: Line[] = [];
  const stack: Open[] = [];
  let line: Line | null = null;
  let lineBase = 0; // where the statements of the current line start
  let curStmt = 0; // lineBase of the line where the current statement began
  let stepBody = 0; // column of the statements of the current step
  let labelAtStart = false; // the current line starts with a step label
  let padNext = false; // the token after `label:` goes to stepBody
  let prevEnd = 0;
  let prevTok: FmtToken | null = null;
  let pending: Line[] = []; // comment-only lines waiting for the next line's indent

  const top = (): Open | undefined => stack[stack.length - 1];
  const processInner = (): number => [...stack].reverse().find((o) => o.block && o.token.rule === 'ProcessDecl')?.inner ?? INDENT;
  const col = (): number => line!.indent + line!.code.length;

  function indentFor(t: FmtToken): number {
    const o = top();
    if (t.declStart) return 0;
    if (t.stepLabel) return processInner();
    if (isCloser(t) && o) return o.close;
    if (t.stmtStart) return t.stmtInStep ? stepBody : o ? o.inner : 0;
    if ((t.text === 'else' && t.rule.startsWith('ElseClause')) || (t.text === 'or' && t.rule === 'OrBlock')) return curStmt;
    return o && !o.block ? o.inner : curStmt + INDENT;
  }

  function newLine(nl: number, indent: number, declKind = ''): Line {
    const prev = lines[lines.length - 1];
    const l: Line = { indent, code: '', comment: null, cont: false, blank: nl >= 2 && lines.length > 0 && !(prev?.opensOnly ?? false), hasToken: false, declKind, deferIndent: false, opensOnly: false };
    lines.push(l);
    return l;
  }

  function emitToken(t: FmtToken, startsLine: boolean, nl: number, next: FmtItem | undefined): void {
    if (startsLine) {
      const indent = indentFor(t);
      for (const p of pending) p.indent = isCloser(t) ? top()?.inner ?? 0 : indent;
      pending = [];
      line = newLine(nl, indent, t.declStart ? t.declKind : '');
      if (isCloser(t)) line.blank = false;
      labelAtStart = t.stepLabel;
      lineBase = indent;
    } else {
      const sep = padNext ? ' '.repeat(Math.max(1, stepBody - col())) : prevTok && tight(prevTok, t) ? '' : ' ';
      line!.code += line!.code === '' ? '' : sep;
    }
    padNext = false;
    line!.code += t.text;
    line!.hasToken = true;
    if (t.stepLabel) {
      stepBody = processInner() + t.labelWidth;
      if (labelAtStart) lineBase = stepBody;
    }
    if (t.text === ':' && t.rule === 'Step' && labelAtStart && prevTok?.stepLabel) padNext = true;
    if (t.stmtStart || t.declStart) curStmt = lineBase;
    if (isCloser(t)) {
      const o = stack.pop();
      if (o?.block) curStmt = o.savedStmt;
    } else if (isOpener(t)) {
      const block = isBlockBrace(t);
      const sameLine = next?.kind === 'token' && !text.slice(t.end, next.start).includes('\n');
      const inner = block || !sameLine ? lineBase + INDENT : col();
      stack.push({ token: t, block, inner, close: lineBase, savedStmt: curStmt });
    }
    line!.opensOnly = isOpener(t);
    prevTok = t;
  }

  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const gap = text.slice(prevEnd, it.start);
    let nl = (gap.match(/\n/g) ?? []).length;
    if (it.kind === 'token' && it.declStart && line) nl = Math.max(nl, 1);
    const startsLine = line === null || nl > 0;
    if (it.kind === 'token') {
      emitToken(it, startsLine, nl, items[i + 1]);
    } else if (!startsLine) {
      // on a line of code: a trailing `//` comment, or a /* */ comment inline
      if (it.text.startsWith('//')) line!.comment = it.text;
      else line!.code += ` ${it.text}`;
    } else {
      const next = items[i + 1];
      if (next?.kind === 'token' && !text.slice(it.end, next.start).includes('\n')) {
        // `/* c */ code` on one line: the code decides the indent
        const indent = indentFor(next);
        for (const p of pending) p.indent = indent;
        pending = [];
        line = newLine(nl, indent, next.declStart ? next.declKind : '');
        line.code = it.text;
        labelAtStart = false;
        lineBase = indent;
      } else {
        const above = lines[lines.length - 1];
        const srcAbove = i > 0 ? items[i - 1] : undefined;
        const cont = nl === 1 && above?.comment !== null && above !== undefined && srcAbove?.kind === 'comment' && srcAbove.text.startsWith('//') &&
          it.text.startsWith('//') && sourceCol(text, srcAbove.start) === sourceCol(text, it.start);
        line = newLine(nl, 0);
        if (cont) {
          line.cont = true;
          line.comment = it.text;
        } else {
          line.code = it.text;
          line.deferIndent = true;
          pending.push(line);
        }
        prevTok = null;
      }
    }
    prevEnd = it.end;
  }
  for (const p of pending) p.indent = 0;
  blockDeclSpacing(lines);
  return render(lines);
}

// One blank line around each process, action and init (before the comments
// right above it: they are its documentation).
function blockDeclSpacing(lines: Line[]): void {
  const starts = lines.map((l, i) => (l.declKind ? i : -1)).filter((i) => i >= 0);
  starts.forEach((s, k) => {
    if (!BLOCK_DECLS.has(lines[s].declKind)) return;
    let first = s;
    while (first > 0 && !lines[first].blank && lines[first - 1].deferIndent && !lines[first - 1].hasToken) first--;
    if (first > 0) lines[first].blank = true;
    const end = k + 1 < starts.length ? starts[k + 1] : lines.length;
    let last = s;
    for (let i = s; i < end; i++) if (lines[i].hasToken) last = i;
    let after = last + 1;
    while (after < lines.length && lines[after].cont) after++;
    if (after < lines.length) lines[after].blank = true;
  });
}

function render(lines: Line[]): string {
  // trailing comments: runs of consecutive lines that have one
  const column = new Array<number>(lines.length).fill(0);
  for (let i = 0; i < lines.length;) {
    if (lines[i].comment === null) { i++; continue; }
    let j = i;
    let width = 0;
    while (j < lines.length && lines[j].comment !== null && (j === i || !lines[j].blank)) {
      if (!lines[j].cont) width = Math.max(width, lines[j].indent + lines[j].code.length);
      j++;
    }
    for (let k = i; k < j; k++) column[k] = width + COMMENT_GAP;
    i = j;
  }
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (l.blank && out.length > 0) out.push('');
    let s = l.code === '' ? '' : ' '.repeat(l.indent) + l.code;
    if (l.comment !== null) s = s.padEnd(column[i]) + l.comment;
    out.push(s.trimEnd());
  });
  return out.length ? `${out.join('\n')}\n` : '';
}
