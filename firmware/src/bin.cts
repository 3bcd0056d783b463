#!/usr/bin/env node
// The `studio-box` command (package.json "bin", `npm start`): sizes libuv's thread pool, then
// runs cli.ts.
//
// Every asynchronous file operation runs in libuv's thread pool, 4 threads unless
// UV_THREADPOOL_SIZE says otherwise when the pool starts. A card copy alone wants 7 at once:
// the card read, two disk writes, the previous file's two fsyncs (background, and long), and two
// read-backs (verifier.ts); with 4, the card's next read waited behind fsyncs and read-backs.
// `npm run bench -- ingest`, 0.53 GB card at 90 MiB/s, load 12 on 2 CPUs: (c) 8.5-9.6 s with 4
// threads, 6.5-6.7 s with 16 (docs/README.md, copy engine). Idle threads only sleep.
//
// Why a CommonJS file: the pool starts at the first asynchronous file operation, and Node's ES
// module loader reads the entry module that way, so an assignment inside an ES module comes
// too late (checked: six blocked opens still starved a seventh). This file is loaded with
// synchronous reads, so the setting is in place before the pool exists. A value set by the
// caller (a systemd unit's Environment=) wins.
process.env.UV_THREADPOOL_SIZE ||= '16';
void import('./cli.js').then((cli) => cli.main(process.argv.slice(2)));
