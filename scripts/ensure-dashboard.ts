/**
 * Builds the dashboard when dashboard/dist is missing or older than its sources, so `npm start`
 * always serves the current UI without rebuilding every time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', 'dashboard');
const built = join(root, 'dist', 'index.html');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const sourcesChanged = Math.max(
  newest(join(root, 'src')),
  statSync(join(root, 'index.html')).mtimeMs,
);
if (!existsSync(built) || statSync(built).mtimeMs < sourcesChanged) {
  console.log('[orq] building the dashboard…');
  execFileSync(
    process.execPath,
    [
      join(import.meta.dirname, '..', 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(root, 'vite.config.ts'),
      '--logLevel',
      'warn',
    ],
    { stdio: 'inherit' },
  );
}
