#!/usr/bin/env node
// `helper ARGS…` (installed as /usr/local/libexec/studio-box/helper): asks the root helper over its socket (studio-box-helper.socket) and behaves
// as if it had run it: its output, its error output, its exit code. The daemon's config runs
// this where it used to run `sudo -n …/root-helper` (the daemon has NoNewPrivileges=yes).
'use strict';
const net = require('node:net');
const path = process.env.STUDIO_BOX_HELPER_SOCKET || '/run/studio-box-helper.sock';
const sock = net.connect(path);
const chunks = [];
sock.on('connect', () => sock.end(Buffer.concat(process.argv.slice(2).map((a) => Buffer.from(`${a}\0`)))));
sock.on('data', (c) => chunks.push(c));
sock.on('error', (err) => {
  process.stderr.write(`helper: ${path}: ${err.message}\n`);
  process.exitCode = 2;
});
sock.on('close', () => {
  if (process.exitCode) return;
  const all = Buffer.concat(chunks);
  const nl = all.indexOf(10);
  const m = /^(\d+) (\d+) (\d+)$/.exec(all.subarray(0, nl).toString());
  if (nl < 0 || !m) {
    process.stderr.write('helper: no answer from the root helper\n');
    process.exitCode = 2;
    return;
  }
  const out = nl + 1 + Number(m[2]);
  process.stdout.write(all.subarray(nl + 1, out));
  process.stderr.write(all.subarray(out, out + Number(m[3])));
  process.exitCode = Number(m[1]);
});
