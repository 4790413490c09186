#!/usr/bin/env node
import('../dist/cli.js').catch((err) => {
  // Only the CLI bundle itself missing (a clone that was never built); a missing dependency
  // inside it is a different problem and keeps its own error.
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && /dist[\\/]cli\.js/.test(String(err.message))) {
    console.error('onetrans: 缺少 dist/cli.js，请先运行 npm install（或 npm run build:ts） / dist/cli.js is missing: run `npm install` (or `npm run build:ts`) first');
    process.exit(2);
  }
  throw err;
});
