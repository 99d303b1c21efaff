// Deep nesting and long chains (issue 17 point 2): past the stated limits a
// positioned error, fast (docs/errors.md, "Nesting and chains"); within
// them a verdict. A stack overflow is never an internal error.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

const HEAD = 'var x: 0..3\ninit { x = 0 }\naction a { x = (x + 1) % 4 }\n';
function spec(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'uffd-nest-')), 's.uffd');
  writeFileSync(f, text);
  return f;
}

describe('nesting and chains', () => {
  it('40 nested parentheses: a verdict', async () => {
    const r = await run('check', spec(`${HEAD}invariant I: ${'('.repeat(40)}x >= 0${')'.repeat(40)}\n`));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  // needs the build (npm run build): the front end runs on a big stack in a worker (dsl/big-stack.ts)
  it('1,000 nested parentheses: a verdict (past 70 the default stack overflowed)', async () => {
    const r = await run('check', spec(`${HEAD}invariant I: ${'('.repeat(1000)}x >= 0${')'.repeat(1000)}\n`));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('invariant I        holds');
  }, 30_000);

  it('1,000 else-ifs: a verdict (past about 400 the default stack overflowed)', async () => {
    // only arms 0..3 can fire, so y = x, then x steps: (0,0) (1,0) (2,1) (3,2) (0,3), then (1,0) again
    const arms = Array.from({ length: 1000 }, (_, i) => `if x == ${i} { y = ${i % 4} }`).join(' else ');
    const r = await run('check', spec(`var x: 0..3\nvar y: 0..3\ninit { x = 0; y = 0 }\naction a {\n  ${arms} else { y = 0 }\n  x = (x + 1) % 4\n}\ninvariant Y: y <= 3\n`));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\b5 distinct states\b/);
  }, 60_000);

  it('1,001 nested parentheses: refused at the deepest one, fast', async () => {
    const f = spec(`${HEAD}invariant I: ${'('.repeat(1001)}x >= 0${')'.repeat(1001)}\n`);
    const t = Date.now();
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`${f}:4:1014: error: brackets nested 1001 levels deep; the front end accepts at most 1000 (name inner parts with def or let)`);
    expect(Date.now() - t).toBeLessThan(5_000);
  });

  it('a 1.5 MB line of 150,000 terms: refused in well under a second of work (it took a minute and gigabytes)', async () => {
    const f = spec(`${HEAD}invariant I: ${Array(150_000).fill('x == 1').join(' || ')} || x >= 0\n`);
    const t = Date.now();
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`${f}:4:1: error: this declaration has 300,001 operators; the front end accepts at most 2000 in one declaration (split it into defs, or use forall/exists over a set)`);
    expect(Date.now() - t).toBeLessThan(5_000);
  });

  it('a chain that overflows the stack: a positioned error, not an internal error', async () => {
    const f = spec(`${HEAD}invariant I: ${Array(1900).fill('x').join(' + ')} >= 0\n`);
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('internal error');
    expect(r.err.split('\n')[0]).toMatch(new RegExp(`^${f.replace(/[.\\]/g, '\\$&')}:4:1: error: this spec nests or chains too deeply for the front end`));
  }, 30_000);
});
