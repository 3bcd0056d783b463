// The searchers of the concurrent search benchmark (search-load.ts), in a process of their own
// so that the clients' work does not share the daemon's event loop. Each searcher is one
// front-desk browser: a keep-alive connection of its own, one request at a time, the next as
// soon as the answer is in (no think time: the worst case). Every `reconnectEvery` requests it
// drops its connection and opens a new one, as a browser does after an idle spell or a tablet
// after waking: requests on new connections are the ones a busy event loop starved.
// Started with fork(); receives a LoadPlan, answers with one LoadSample per request.
import { Agent, request } from 'node:http';

export interface LoadPlan {
  url: string;
  cookie: string;
  searchers: number;
  durationMs: number;
  reconnectEvery: number;
  /** Paths with their query kind, taken in turn by whichever searcher is free. */
  requests: { path: string; kind: number }[];
}

/** [kind, started (ms after the run began), latency ms, HTTP status (0 = network error), on a new connection (1) or not (0)] */
export type LoadSample = [kind: number, startedMs: number, ms: number, status: number, fresh: number];

function get(agent: Agent, url: URL, cookie: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { agent, headers: { cookie, accept: 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

async function run(plan: LoadPlan): Promise<LoadSample[]> {
  const samples: LoadSample[] = [];
  const t0 = performance.now();
  let next = 0;
  const searcher = async () => {
    let agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let n = 0; performance.now() - t0 < plan.durationMs; n++) {
      const fresh = n % plan.reconnectEvery === 0;
      if (fresh && n > 0) {
        agent.destroy();
        agent = new Agent({ keepAlive: true, maxSockets: 1 });
      }
      const r = plan.requests[next++ % plan.requests.length]!;
      const started = performance.now();
      const status = await get(agent, new URL(r.path, plan.url), plan.cookie);
      samples.push([r.kind, started - t0, performance.now() - started, status, fresh ? 1 : 0]);
    }
    agent.destroy();
  };
  await Promise.all(Array.from({ length: plan.searchers }, searcher));
  return samples;
}

process.once('message', (plan: LoadPlan) => {
  void run(plan).then((samples) => process.send!(samples, () => process.exit(0)));
});
