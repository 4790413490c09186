#!/usr/bin/env node
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('onetrans: dist/cli.js is missing; run `npm install` (or `npm run build`) first.');
    process.exit(2);
  }
  throw err;
});
