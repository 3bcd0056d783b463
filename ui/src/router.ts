// Hash routing: "#/customers/12" -> ['customers', '12']. The box serves index.html for
// every path, but hashes keep reloads and bookmarks working without server help.
import { useEffect, useMemo } from 'preact/hooks';
import { useValue } from './use-value';

export function currentPath(): string[] {
  return location.hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
}

/** The query after the path: "#/sms/compose?customerId=3" -> customerId=3. Read at render. */
export function currentQuery(): URLSearchParams {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : location.hash.slice(i + 1));
}

export function navigate(path: string): void {
  location.hash = path.startsWith('#') ? path : `#${path}`;
}

export function useRoute(): string[] {
  const path = useValue(currentPath);
  // The hash the first render read (the query too: a page reads it at render).
  const rendered = useMemo(() => location.hash, []);
  useEffect(() => {
    const onChange = () => path.set(currentPath());
    window.addEventListener('hashchange', onChange);
    // The hash may have changed between the first render and this effect (which runs after the
    // paint): its hashchange then fired before anyone listened, and the page would stay on the
    // old route under the new address (a link followed while the app starts).
    if (location.hash !== rendered) onChange();
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return path.value;
}
