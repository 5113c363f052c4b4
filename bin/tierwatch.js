#!/usr/bin/env node
// `npx tierwatch <command>`: runs the built CLI (npm run build first).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(entry)) {
  console.error('tierwatch is not built yet: run `npm run build` in the repository first.');
  process.exit(1);
}
require(entry);
