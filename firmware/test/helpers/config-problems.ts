import { ConfigError } from '../../src/config.js';

/** The problems a bad configuration is refused with (fails the test if it is accepted). */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}
