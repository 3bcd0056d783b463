// A screen that re-reads on every server event fires several GETs close together; the browser
// may answer them out of order (each on its own connection), and a late answer to an older
// request would overwrite the newer one: a finished scrub shown as still running, a modem
// status from before it dropped. Only the answer to the newest request is applied.
import { useRef } from 'preact/hooks';

export type LatestOnly = <T>(request: Promise<T>, apply: (value: T) => void, fail?: (err: unknown) => void) => Promise<void>;

/** Pure core, for tests and for code outside a component. */
export function latestOnly(): LatestOnly {
  let newest = 0;
  return (request, apply, fail) => {
    const mine = ++newest;
    return request.then(
      (v) => {
        if (mine === newest) apply(v);
      },
      (e) => {
        if (mine === newest) fail?.(e);
      },
    );
  };
}

/** latestOnly() kept for the life of the component. */
export function useLatestOnly(): LatestOnly {
  const ref = useRef<LatestOnly | null>(null);
  if (!ref.current) ref.current = latestOnly();
  return ref.current;
}
