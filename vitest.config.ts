import { defineConfig } from 'vitest/config';

// koffi's .async() calls run on libuv's pool (4 threads by default); the native tests drive
// 8 calling threads at once, and the forked test workers inherit this at start.
process.env.UV_THREADPOOL_SIZE ??= '16';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});
