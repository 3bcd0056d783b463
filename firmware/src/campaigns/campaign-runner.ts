// Drives the campaigns (S3): writes recipients a chunk per turn of the event loop (so the box
// keeps answering while 50,000 are written), then hands the next ones to the outbox. Woken by
// every outbox change and once a second (a scheduled time reached, the quiet hours over).
import type { Logger } from '../log.js';
import type { CampaignService } from './campaign-service.js';

export class CampaignRunner {
  private timer: NodeJS.Timeout | null = null;
  private scheduled = false;
  private stopped = true;

  constructor(
    private readonly campaigns: CampaignService,
    private readonly log: Logger,
    private readonly tickMs = 1000,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.tickMs);
    this.timer.unref();
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Runs a turn soon (once, however often it is called meanwhile). */
  wake(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.stopped) this.turn();
    });
  }

  private turn(): void {
    try {
      // One chunk per turn: the next turn comes after whatever else the box has to do.
      const id = this.campaigns.unbuilt()[0];
      if (id !== undefined) {
        this.campaigns.buildChunk(id);
        this.wake();
      }
      this.campaigns.pump();
    } catch (err) {
      this.log.error({ err }, 'campaign turn failed; trying again in a moment');
    }
  }
}
