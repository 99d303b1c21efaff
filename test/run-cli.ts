// The uffd-spec command run in-process, as the tests see it: exit code,
// stdout and stderr, each joined by newlines.
import { main } from '../cli/main.js';

export async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'uffd-spec', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
