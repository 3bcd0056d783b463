// "The box texts the owner its address" (issue 17 item 3): when the box's LAN address changes
// (a new DHCP lease, another router, the first boot), and the owner's mobile is set in the
// SMS settings, one SMS through the care queue says where the box is now. Debounced: the
// address must stay the same for `stableMs` before it is announced (a lease renewal that
// flaps sends nothing). Once per change, even across crashes and restarts: the announcement
// (address and phone) is stored in `settings` in the same transaction as the queued SMS,
// whose idempotency key carries the change's number.
import type { BoxAddress, Language } from '../api-types.js';
import type { CareSms } from '../care/care-sms.js';
import type { Db } from '../db/connection.js';
import type { Logger } from '../log.js';
import { isoNow, type Clock } from '../util/clock.js';

const KEY = 'box-address-announced';

interface Announced {
  address: string;
  phone: string;
  /** How many announcements so far: the next SMS's idempotency key. */
  n: number;
}

const TEXT: Record<Language, (url: string, local: string) => string> = {
  en: (url, local) => `Studio Box is now at ${url} (or ${local} on the studio network).`,
  'zh-CN': (url, local) => `影楼盒子的新地址：${url}（在店内网络也可用 ${local}）`,
  vi: (url, local) => `Studio Box hiện ở địa chỉ ${url} (hoặc ${local} trong mạng của tiệm).`,
};

/** The address people should type: the first IPv4 of the LAN addresses (lanAddresses sorts IPv4 first); else the first. */
export function primaryAddress(addresses: BoxAddress[]): string | null {
  return (addresses.find((a) => a.family === 'IPv4') ?? addresses[0])?.address ?? null;
}

export function boxUrl(address: string, port: number): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}${port === 80 ? '' : `:${port}`}/`;
}

export interface OwnerAddressSmsDeps {
  db: Db;
  care: CareSms;
  /** The box's LAN addresses now (box-network.ts; tests pass a fake interface reader). */
  addresses: () => BoxAddress[];
  ownerPhone: () => string;
  hostname: () => string;
  port: number;
  language: () => Language;
  clock: Clock;
  log: Logger;
  pollMs?: number;
  stableMs?: number;
}

export class OwnerAddressSms {
  private timer: NodeJS.Timeout | null = null;
  private seen: { address: string; since: number } | null = null;

  constructor(private readonly d: OwnerAddressSmsDeps) {}

  start(): void {
    this.check();
    this.timer = setInterval(() => this.check(), this.d.pollMs ?? 15_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private announced(): Announced | null {
    const row = this.d.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as Announced) : null;
  }

  /** One look at the address; queues the SMS when a new one has held for stableMs. Returns what it did. */
  check(): 'no-phone' | 'no-address' | 'waiting' | 'known' | 'queued' {
    try {
      const phone = this.d.ownerPhone();
      if (!phone) return 'no-phone';
      const address = primaryAddress(this.d.addresses());
      const now = this.d.clock().getTime();
      if (!address) {
        this.seen = null;
        return 'no-address';
      }
      if (this.seen?.address !== address) this.seen = { address, since: now };
      const last = this.announced();
      if (last && last.address === address && last.phone === phone) return 'known';
      if (now - this.seen.since < (this.d.stableMs ?? 60_000)) return 'waiting';
      const n = (last?.n ?? 0) + 1;
      const text = TEXT[this.d.language()](boxUrl(address, this.d.port), `http://${this.d.hostname()}.local${this.d.port === 80 ? '' : `:${this.d.port}`}/`);
      this.d.db.transaction(() => {
        // Sent in quiet hours too, on purpose (issue 17 item 6): quiet hours protect customers
        // from marketing and reminders; this is an operational message to the owner's own phone,
        // which they set to learn where the box is. Held until 08:00 it would leave staff who
        // open early (or shoot late) unable to reach the box, and could arrive after the address
        // had changed again. It is rare: once per real change, debounced.
        this.d.care.queue({ key: `box-address:${n}:${address}`, origin: 'automatic', purpose: 'box-address', customerId: null, to: phone, transactional: true, quietHours: false, text });
        this.d.db
          .prepare(
            `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, NULL)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = NULL`,
          )
          .run(KEY, JSON.stringify({ address, phone, n } satisfies Announced), isoNow(this.d.clock));
      })();
      this.d.log.info({ address, n }, 'the box’s new address texted to the owner');
      return 'queued';
    } catch (err) {
      this.d.log.error({ err }, 'texting the owner the box’s address failed');
      return 'waiting';
    }
  }
}
