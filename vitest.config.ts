import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['firmware/test/**/*.test.ts', 'ui/test/**/*.test.ts'],
    // Timed promises run alone afterwards: vitest.alone.config.ts.
    exclude: ['**/node_modules/**', '**/*.alone.test.ts'],
    // Each file gets its own process: suites start servers, open databases and browsers.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
