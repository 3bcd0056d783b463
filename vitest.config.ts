import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['firmware/test/**/*.test.ts', 'ui/test/**/*.test.ts'],
    // Timed promises run alone afterwards: vitest.alone.config.ts.
    exclude: ['**/node_modules/**', '**/*.alone.test.ts'],
    // Each file gets its own process: suites start servers, open databases and browsers.
    pool: 'forks',
    // Vitest's default is one fewer than the CPUs: on the 2-core build machine that is ONE file at
    // a time, and most files wait (on the simulated modem, Chromium, fsync, a child daemon, a
    // crash test's sleeps) rather than compute. One more file than CPUs, at most four (crash and
    // power-cut tests fsync a lot). Measured on 2 cores, whole suite: 2 at once 782 s with the
    // CPUs 64% busy, 3 at once 667 s (83%), same results.
    maxWorkers: Math.min(4, availableParallelism() + 1),
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
