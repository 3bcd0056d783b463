// The per-request hot path (setup check, session, user and rights look-ups) runs statements
// prepared once per connection: after the first request, logged-in requests compile no SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
});
afterAll(() => tb?.close());

describe('statements on the request path', () => {
  it('are prepared on the first request and reused after', async () => {
    const db = tb.box.ctx.db;
    const prepare = db.prepare.bind(db);
    const compiled: string[] = [];
    db.prepare = ((sql: string) => {
      compiled.push(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    try {
      expect((await admin.get('/api/auth/me')).status).toBe(200);
      // The first request may still prepare what it needs.
      const first = compiled.length;
      for (let i = 0; i < 5; i++) expect((await admin.get('/api/auth/me')).status).toBe(200);
      expect(compiled.slice(first)).toEqual([]);
      // A stranger (no session) takes the setup check and session look-up too.
      expect((await new ApiClient(tb.url).get('/api/auth/me')).status).toBe(401);
      expect(compiled.slice(first)).toEqual([]);
    } finally {
      db.prepare = prepare;
    }
  });
});
