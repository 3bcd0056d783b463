// A test box already through the first-run wizard, with its admin logged in; and a row count.
import { ApiClient, SETUP } from './http-client.js';
import { startTestBox, type TestBox } from './test-box.js';

export async function startSetUpBox(opts: Parameters<typeof startTestBox>[0] = {}): Promise<{ tb: TestBox; admin: ApiClient }> {
  const tb = await startTestBox(opts);
  const admin = new ApiClient(tb.url);
  const r = await admin.post('/api/setup', SETUP);
  if (r.status !== 201) throw new Error(`setup: ${r.status} ${JSON.stringify(r.error)}`);
  return { tb, admin };
}

export const rowCount = (tb: TestBox, table: string): number => (tb.box.ctx.db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
