// The scrub as the box runs it: one pass at a time, started by the schedule, an admin or
// `studio-box scrub`, pausable, and continued after a restart (the position is in the DB).
//
// Who runs passes: the process that owns the scrub. The daemon does; `studio-box scrub` in a
// shell while the daemon runs only writes a 'requested' run into the shared database and
// follows it (the daemon looks for requests every pollMs). Without a daemon the shell command
// owns the scrub itself (it takes the ingest lock, so no ingest and no daemon can start beside
// it: see cli/scrub-command.ts).
//
// Events: `scrub.run` (the ScrubRun: state and progress), `scrub.finding` (a ScrubFinding),
// `scrub.alarm` ({ open }: files with no good copy, to every screen).
import type { ScrubFinding, ScrubPauseReason, ScrubRun, ScrubStatus, ScrubTrigger, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';
import { createPacer } from './read-pace.js';
import { runScrubPass, type ScrubRunnerDeps } from './scrub-runner.js';
import { ScrubStore, type ScrubRoots } from './scrub-store.js';

export interface ScrubServiceOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  events?: EventHub | null;
  roots: ScrubRoots;
  disksReady: () => Promise<string | null>;
  /** The read cap in bytes per second (0: none). */
  readBytesPerSecond: () => number;
  /** Hook for a third copy (the SMB mirror, H4): not passed today. */
  thirdCopy?: ScrubRunnerDeps['thirdCopy'];
  releaseThirdCopy?: ScrubRunnerDeps['releaseThirdCopy'];
  /** When the schedule starts its next run. */
  nextScheduledAt?: () => Date | null;
  /** Milliseconds between looks for runs requested by another process (default 2000; 0: never). */
  pollMs?: number;
  busyPollMs?: number;
}

type StopWhy = 'pause' | 'cancel' | 'stop';

export class ScrubService {
  readonly store: ScrubStore;
  private active: { runId: number; abort: AbortController; done: Promise<void> } | null = null;
  private poll: NodeJS.Timeout | null = null;
  private started = false;
  private readonly finishedWaiters = new Map<number, ((r: ScrubRun) => void)[]>();

  constructor(private readonly o: ScrubServiceOptions) {
    this.store = new ScrubStore(o.db, o.clock);
  }

  /** Continues the open run (a restart cut it), then looks for requested runs now and then. */
  start(): void {
    this.started = true;
    this.kick();
    const every = this.o.pollMs ?? 2000;
    if (every > 0) {
      this.poll = setInterval(() => void this.tick(), every);
      this.poll.unref();
    }
  }

  /** Requested runs of another process; a run paused because a disk went away goes on once both are back. */
  private async tick(): Promise<void> {
    const open = this.store.openRun();
    if (open?.state === 'paused' && open.pauseReason === 'disk' && !this.active && (await this.o.disksReady()) === null) {
      this.store.setState(open.id, 'running');
      this.publishRun(open.id);
    }
    this.kick();
  }

  /** Stops the pass at the next chunk; it stays 'running' in the database and goes on at the next start. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    const a = this.active;
    if (a) {
      a.abort.abort('stop' satisfies StopWhy);
      await a.done;
    }
  }

  /** Whether a pass is being read in this process. */
  get running(): boolean {
    return this.active !== null;
  }

  /** Asks for a run. ConflictError (scrub_busy) when one is open already. */
  request(trigger: ScrubTrigger, customerId: number | null, actor: UserRef | null): ScrubRun {
    const run = this.o.db.transaction(() => {
      const open = this.store.openRun();
      if (open) throw new ConflictError(`a scrub is already ${open.state} (run ${open.id})`, 'scrub_busy');
      if (customerId !== null && !this.o.db.prepare('SELECT 1 FROM customers WHERE id = ?').get(customerId)) throw new NotFoundError('customer');
      const r = this.store.createRun(trigger, customerId, actor?.id ?? null, 'requested');
      this.o.audit.record(actor, { action: 'scrub.start', entity: 'scrub_run', entityId: r.id, summary: `scrub requested (${trigger})${customerId !== null ? ` for customer ${customerId}` : ''}`, detail: { trigger, customerId } });
      return r;
    }).immediate();
    this.publishRun(run.id);
    this.kick();
    return run;
  }

  pause(actor: UserRef | null, reason: ScrubPauseReason = 'admin'): ScrubRun {
    const open = this.store.openRun();
    if (!open || open.state === 'paused') throw new ConflictError('no scrub is running', 'scrub_not_running');
    this.o.db.transaction(() => {
      this.store.setState(open.id, 'paused', { pauseReason: reason });
      if (reason === 'admin') this.o.audit.record(actor, { action: 'scrub.pause', entity: 'scrub_run', entityId: open.id, summary: 'scrub paused' });
    })();
    if (this.active?.runId === open.id) this.active.abort.abort('pause' satisfies StopWhy);
    return this.publishRun(open.id);
  }

  resume(actor: UserRef | null): ScrubRun {
    const open = this.store.openRun();
    if (!open || open.state !== 'paused') throw new ConflictError('no scrub is paused', 'scrub_not_paused');
    this.o.db.transaction(() => {
      this.store.setState(open.id, 'running');
      this.o.audit.record(actor, { action: 'scrub.resume', entity: 'scrub_run', entityId: open.id, summary: 'scrub resumed' });
    })();
    this.kick();
    return this.publishRun(open.id);
  }

  cancel(actor: UserRef | null): ScrubRun {
    const open = this.store.openRun();
    if (!open) throw new ConflictError('no scrub is open', 'scrub_not_running');
    this.o.db.transaction(() => {
      this.store.setState(open.id, 'cancelled');
      this.o.audit.record(actor, { action: 'scrub.cancel', entity: 'scrub_run', entityId: open.id, summary: 'scrub cancelled' });
    })();
    if (this.active?.runId === open.id) this.active.abort.abort('cancel' satisfies StopWhy);
    this.settle(open.id);
    return this.publishRun(open.id);
  }

  /** An admin has seen a "no good copy" alarm (it stays in the findings). */
  acknowledge(actor: UserRef | null, findingId: number): ScrubFinding {
    const f = this.o.db.transaction(() => {
      if (!this.store.acknowledge(findingId, actor?.id ?? null)) throw new NotFoundError('open alarm');
      const found = this.store.finding(findingId)!;
      this.o.audit.record(actor, { action: 'scrub.acknowledge', entity: 'scrub_finding', entityId: findingId, summary: `acknowledged: no good copy of ${found.path}` });
      return found;
    })();
    this.o.events?.publish('scrub.alarm', { open: this.store.alarms().length });
    return f;
  }

  status(): ScrubStatus {
    return {
      current: this.store.openRun() ?? null,
      last: this.store.lastFinished() ?? null,
      alarms: this.store.alarms(),
      recent: this.store.findings({ limit: 50 }),
      nextScheduledAt: this.o.nextScheduledAt?.()?.toISOString() ?? null,
      thirdCopy: this.o.thirdCopy ? 'mirror' : null,
    };
  }

  // --- the schedule's three moments (scrub-schedule.ts) ---

  /** The weekly start: a new run, unless one is open (a paused scheduled run then goes on). */
  scheduledStart(): void {
    const open = this.store.openRun();
    if (!open) {
      this.request('schedule', null, null);
      return;
    }
    this.nightStart();
  }

  /** Each night: a scheduled run paused by the morning goes on. */
  nightStart(): void {
    const open = this.store.openRun();
    if (open?.state === 'paused' && open.pauseReason === 'window') {
      this.store.setState(open.id, 'running');
      this.publishRun(open.id);
      this.kick();
    }
  }

  /** Each morning: a scheduled run still reading pauses until the next night. Admin and shell runs go on. */
  nightEnd(): void {
    const open = this.store.openRun();
    if (open && open.trigger === 'schedule' && (open.state === 'running' || open.state === 'requested')) this.pause(null, 'window');
  }

  /** Resolves when the run is over (done, failed, cancelled) or paused. */
  waitForRun(id: number): Promise<ScrubRun> {
    const r = this.store.run(id);
    if (!r) return Promise.reject(new NotFoundError('scrub run'));
    if (r.state !== 'requested' && r.state !== 'running') return Promise.resolve(r);
    return new Promise((resolve) => {
      const list = this.finishedWaiters.get(id) ?? [];
      list.push(resolve);
      this.finishedWaiters.set(id, list);
    });
  }

  private settle(id: number): void {
    const r = this.store.run(id);
    if (!r) return;
    for (const w of this.finishedWaiters.get(id) ?? []) w(r);
    this.finishedWaiters.delete(id);
  }

  private publishRun(id: number): ScrubRun {
    const r = this.store.run(id)!;
    this.o.events?.publish('scrub.run', r);
    return r;
  }

  private kick(): void {
    if (!this.started || this.active) return;
    const open = this.store.openRun();
    if (!open || open.state === 'paused') return;
    const abort = new AbortController();
    const runId = open.id;
    const done = this.runPass(open, abort).finally(() => {
      this.active = null;
      this.settle(runId);
      if (this.started) setImmediate(() => this.kick());
    });
    this.active = { runId, abort, done };
  }

  private async runPass(run: ScrubRun, abort: AbortController): Promise<void> {
    const log = this.o.log.child({ scrubRun: run.id });
    if (run.state === 'requested') {
      this.store.setTotal(run.id, this.store.countFiles(this.o.roots, run.customerId));
      this.store.setState(run.id, 'running');
      log.info({ trigger: run.trigger, customerId: run.customerId }, 'scrub started');
    } else {
      log.info({ position: this.store.position(run.id) }, 'scrub continues');
    }
    this.publishRun(run.id);
    const pacer = createPacer(this.o.readBytesPerSecond);
    try {
      const end = await runScrubPass(run.id, run.customerId, {
        store: this.store,
        roots: this.o.roots,
        log,
        signal: abort.signal,
        pace: (n) => pacer.pace(n),
        busy: () => !!this.o.db.prepare(`SELECT 1 FROM ingest_jobs WHERE state IN ('queued', 'copying', 'verifying') LIMIT 1`).get(),
        disksReady: this.o.disksReady,
        thirdCopy: this.o.thirdCopy,
        releaseThirdCopy: this.o.releaseThirdCopy,
        busyPollMs: this.o.busyPollMs,
        onProgress: () => this.publishRun(run.id),
        onFinding: (f) => {
          this.o.audit.record(null, {
            action: f.outcome === 'repaired' ? 'scrub.repair' : f.outcome === 'unrepairable' ? 'scrub.alarm' : 'scrub.repair_failed',
            entity: 'ingest_file',
            entityId: f.fileId,
            summary: `${f.disk}: ${f.path}: ${f.detail}`,
            detail: { runId: f.runId, kind: f.kind, outcome: f.outcome },
          });
          this.o.events?.publish('scrub.finding', f);
          if (f.outcome === 'unrepairable') this.o.events?.publish('scrub.alarm', { open: this.store.alarms().length });
        },
      });
      if (end.end === 'done') {
        const p = this.store.run(run.id)!;
        this.o.db.transaction(() => {
          this.store.setState(run.id, 'done');
          this.o.audit.record(null, {
            action: 'scrub.done',
            entity: 'scrub_run',
            entityId: run.id,
            summary: `scrub done: ${p.filesChecked} files checked on both disks, ${p.filesRepaired} repaired, ${p.filesLost} with no good copy`,
          });
        })();
        log.info({ checked: p.filesChecked, repaired: p.filesRepaired, lost: p.filesLost }, 'scrub done');
      } else if (end.end === 'disk') {
        this.store.setState(run.id, 'paused', { pauseReason: 'disk', error: end.reason });
        log.warn({ reason: end.reason }, 'scrub paused: a disk is not there');
      }
      // 'aborted': pause/cancel set the state themselves; a stop leaves it 'running' for the next start.
    } catch (err) {
      log.error({ err }, 'scrub failed');
      this.store.setState(run.id, 'failed', { error: (err as Error).message });
    }
    this.publishRun(run.id);
  }
}
