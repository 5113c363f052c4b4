import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root (where seeds/ and rules/ live), found from this file whether built or not. */
export function repoRoot(start = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'tierwatch') return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the tierwatch repository above ${start}`);
  }
}
