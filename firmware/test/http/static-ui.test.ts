// The built UI as the box serves it: known files only, pre-compressed, app.js and index.html
// revalidated on every load, the hashed chunks (each language's catalog) cached for good,
// and no request path, however spelled, reaching a file outside the UI folder.
import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticUi } from '../../src/http/static-ui.js';

const SECRET = 'do-not-serve-me';
let dir: string;
let server: Server;
let port: number;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: the path goes out exactly as written (fetch would normalise the dots away). */
function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'studio-box-static-'));
  const ui = join(dir, 'ui');
  mkdirSync(join(ui, 'chunks'), { recursive: true });
  const files: Record<string, string> = {
    'index.html': '<!doctype html><title>Studio Box</title>',
    'app.js': 'import("./chunks/vi-ABCD2345.js")',
    'styles.css': 'body{}',
    'chunks/vi-ABCD2345.js': 'export default {"app.loading":"Đang tải…"}',
    'icon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'manifest.webmanifest': '{"name":"Studio Box"}',
  };
  for (const [name, body] of Object.entries(files)) {
    writeFileSync(join(ui, name), body);
    writeFileSync(join(ui, name + '.gz'), gzipSync(body));
  }
  // Not a chunk of the build: never served, though it sits in chunks/.
  writeFileSync(join(ui, 'chunks/notes.txt'), SECRET);
  // Outside the UI folder.
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  writeFileSync(join(dir, 'secret.js'), SECRET);

  const app = express();
  app.use(staticUi(ui));
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('static UI', () => {
  it('serves app.js and index.html to be revalidated on every load', async () => {
    const app = await get('/app.js');
    expect(app.status).toBe(200);
    expect(app.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(app.headers['cache-control']).toBe('no-cache');
    expect(app.body.toString()).toContain('chunks/vi-ABCD2345.js');

    const route = await get('/customers/12');
    expect(route.status).toBe(200);
    expect(route.headers['cache-control']).toBe('no-cache');
    expect(route.body.toString()).toContain('<title>Studio Box</title>');
  });

  it('serves a hashed chunk, gzipped when asked, cached for good', async () => {
    const plain = await get('/chunks/vi-ABCD2345.js');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.toString()).toContain('Đang tải…');

    const gz = await get('/chunks/vi-ABCD2345.js', { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(plain.body.toString());
  });

  it('serves the favicon and the web manifest with their types', async () => {
    const icon = await get('/icon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    const manifest = await get('/manifest.webmanifest');
    expect(manifest.headers['content-type']).toBe('application/manifest+json');
    expect(JSON.parse(manifest.body.toString())).toEqual({ name: 'Studio Box' });
    // An icon the build did not make is not there (and is not index.html either).
    expect((await get('/icon-512.png')).status).toBe(404);
  });

  it('answers 404 for a chunk that is not there (an older build’s), not index.html', async () => {
    const old = await get('/chunks/vi-ZZZZ2345.js');
    expect(old.status).toBe(404);
    expect(old.body.toString()).not.toContain('<title>Studio Box</title>');
  });

  const outside = [
    '/../secret.txt',
    '/../secret.js',
    '/chunks/../../secret.txt',
    '/chunks/../../secret.js',
    '/chunks/%2e%2e/%2e%2e/secret.txt',
    '/chunks/..%2f..%2fsecret.js',
    '/%2e%2e%2fsecret.txt',
    '/chunks/vi-ABCD2345.js/../../../secret.txt',
    '/chunks/..\\..\\secret.txt',
    '/chunks/notes.txt',
    '/chunks/vi-ABCD2345.js.gz',
    '/app.js.gz',
  ];
  for (const path of outside) {
    it(`serves nothing for ${path}`, async () => {
      const r = await get(path);
      expect(r.status).toBe(404);
      expect(r.body.toString()).not.toContain(SECRET);
    });
  }
});
