// A value that follows another after it has stopped changing for `ms` (search as you type).
import { useEffect } from 'preact/hooks';
import { useValue } from '../use-value';

export function useDebounced<T>(value: T, ms: number): T {
  const settled = useValue(value);
  useEffect(() => {
    const timer = setTimeout(() => settled.set(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled.value;
}
