/**
 * The entry of onetrans-bridge.cjs (see src/bridge/loader.ts): compiles and runs
 * onetrans-bridge-body.cjs beside it. Built as CommonJS, so __dirname and require are the file's.
 */
import { load } from './loader.js';

load({ dir: __dirname, argv: process.argv.slice(2), env: process.env, require });
