// useState as a box ({ value, set }) instead of a tuple. Why: scripts/build.mjs targets
// safari14, for which esbuild 0.28 refuses any destructuring (`const [a, b] = …`, `({ x })`).
// The whole UI is therefore written without destructuring; see the report to firmware.
import { useState } from 'preact/hooks';

export interface Value<T> {
  readonly value: T;
  set(next: T | ((prev: T) => T)): void;
}

export function useValue<T>(initial: T | (() => T)): Value<T> {
  const pair = useState<T>(initial);
  return { value: pair[0], set: pair[1] as Value<T>['set'] };
}
