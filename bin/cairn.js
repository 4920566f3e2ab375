#!/usr/bin/env node
// `npx cairn …`: runs the compiled CLI (dist/, `npm run build`) when it is built and up to date, and
// otherwise the TypeScript through tsx, so it works without a build step too. Without tsx (after
// `npm ci --omit=dev`) a built dist/ is used as it is. The reminder worker is `cairn worker`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiled, distState, ROOT } from '../scripts/dist.js';

const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const state = distState();
if (state === 'fresh' || (state === 'stale' && !existsSync(tsx))) {
  const { runCli } = await import(pathToFileURL(compiled('src/main/cli.ts')).href);
  await runCli(process.argv);
} else {
  const result = spawnSync(
    process.execPath,
    [tsx, join(ROOT, 'src', 'main', 'cli.ts'), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(result.status ?? 1);
}
