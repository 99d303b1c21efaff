// check --disk DIR, checked before the search: DIR must be an existing,
// writable directory (the search makes one subfolder in it and removes it).
import { accessSync, constants, statSync } from 'node:fs';

export function diskDirProblem(dir: string): string | null {
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
    accessSync(dir, constants.W_OK | constants.X_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `${dir} does not exist`;
    if (code === 'ENOTDIR') return `${dir} is not a directory`;
    return code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `${dir} is not writable` : e instanceof Error ? e.message : String(e);
  }
}
