import { defineConfig } from 'vitest/config';

// Tests that time the box against a promise ("answers within 1 s") run one file at a time, after
// the parallel suite, so no other suite competes for the CPU. `npm test` runs both configs.
export default defineConfig({
  test: {
    include: ['firmware/test/**/*.alone.test.ts', 'ui/test/**/*.alone.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    // One more try for a stall of the machine itself (a CI neighbour, a page-cache flush); a box
    // that breaks the promise breaks it twice.
    retry: 1,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
