// Plain-ASCII line wrapping for fixed-width renderers (lkml): never a line
// longer than the width, breaking at spaces first, then after `_ ( , /`,
// and only then inside a word.
export function toAscii(s: string): string {
  return s.replace(/\t/g, '  ').replace(/[\u2192\u27f6]/g, '->').replace(/[\u2190]/g, '<-').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[\u2013\u2014]/g, '-').replace(/[^\x20-\x7e]/g, '?');
}

// Wrap one logical line to `width` columns; continuation lines start with
// `indent` spaces (dropped when the width is too small for it).
export function wrap(text: string, width: number, indent = 2): string[] {
  const w = Math.max(1, width);
  const pad = indent < w / 2 ? ' '.repeat(indent) : '';
  const out: string[] = [];
  let rest = toAscii(text).trimEnd();
  let first = true;
  while (true) {
    const room = first ? w : w - pad.length;
    if (rest.length <= room) { out.push((first ? '' : pad) + rest); break; }
    let cut = rest.lastIndexOf(' ', room);
    let next: number;
    if (cut > 0) { next = cut + 1; } else {
      cut = -1;
      for (let i = room - 1; i > 0; i--) if ('_(,/'.includes(rest[i])) { cut = i + 1; break; }
      if (cut <= 0) cut = room;
      next = cut;
    }
    out.push((first ? '' : pad) + rest.slice(0, cut).trimEnd());
    rest = rest.slice(next).trimStart();
    first = false;
    if (rest.length === 0) break;
  }
  return out;
}

// Shorten to at most `width` columns, marking the cut with `~`.
export function abbreviate(text: string, width: number): string {
  const s = toAscii(text);
  return s.length <= width ? s : width <= 1 ? s.slice(0, width) : `${s.slice(0, width - 1)}~`;
}
