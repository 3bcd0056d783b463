// Answers asked for before the app knows who is logged in, for the pages whose first paint
// waits on one big answer (the photo selection's session: 1,500 photos, ~200 KB). main.ts starts
// the page's request together with /api/auth/me; the page takes it instead of asking again
// once it mounts, 0.2-0.4 s later on a slow tablet. A failed early answer (401 before the login,
// 403) is never shown: the page asks again itself, as it would have.
import { api } from './api';

interface Early {
  answer: Promise<unknown>;
  at: number;
}

const early = new Map<string, Early>();
/** An early answer older than this is not used (a login typed slowly, the page opened later). */
const FRESH_MS = 10_000;

/** The GET requests worth starting early for the address the app opens on. */
export function earlyPathsFor(hash: string): string[] {
  const selection = /^#\/selection\/(\d+)(?:$|[/?])/.exec(hash);
  return selection ? [`/api/orders/${selection[1]}/selection`] : [];
}

export function startEarly(hash: string): void {
  for (const path of earlyPathsFor(hash)) {
    const answer = api<unknown>('GET', path);
    answer.catch(() => undefined);
    early.set(path, { answer, at: Date.now() });
  }
}

/** GET `path`: the early answer when there is a fresh one that did not fail, else a new request. Each early answer is used once. */
export async function getOnce<T>(path: string): Promise<T> {
  const e = early.get(path);
  early.delete(path);
  if (e && Date.now() - e.at < FRESH_MS) {
    try {
      return (await e.answer) as T;
    } catch {
      // Asked again below: the page shows what its own request says.
    }
  }
  return api<T>('GET', path);
}
