import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheControlOf, consoleRoot } from './console-static';

describe('the console files', () => {
  it('caches hashed assets for a year and revalidates index.html', () => {
    expect(cacheControlOf('/srv/dist/web/index.html')).toBe('no-cache');
    expect(cacheControlOf('/srv/dist/web/assets/index-D-vvbADA.js')).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(cacheControlOf('/srv/dist/web/favicon.ico')).toBe('public, max-age=3600');
  });

  it('finds dist/web beside dist/apps (built) or in the repository (from source), or nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'tw-console-'));
    const from = join(root, 'dist', 'apps', 'api', 'src', 'web');
    mkdirSync(from, { recursive: true });
    expect(consoleRoot(from)).toBeNull();
    mkdirSync(join(root, 'dist', 'web'));
    writeFileSync(join(root, 'dist', 'web', 'index.html'), '<div id="app"></div>');
    expect(consoleRoot(from)).toBe(join(root, 'dist', 'web'));
    expect(consoleRoot(join(root, 'apps', 'api', 'src', 'web'))).toBe(join(root, 'dist', 'web'));
  });
});
