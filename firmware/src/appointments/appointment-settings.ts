// The appointment calendar's settings (O3, A3): working hours per weekday and days off (one JSON
// row in `settings`, key 'appointments'; a box that never saved them is open 09:00–18:00 every
// day) and the rooms (table `rooms`). Saved together by an admin (settings:edit), audited.
import { z } from 'zod';
import type { AppointmentSettings, DayHours, Room, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import { ValidationError } from '../errors.js';
import type { Clock } from '../util/clock.js';
import { appointmentSettingsSchema } from './appointment-schemas.js';

const KEY = 'appointments';
const DEFAULT_HOURS: DayHours[] = Array.from({ length: 7 }, () => ({ open: '09:00', close: '18:00' }));
const stored = appointmentSettingsSchema.pick({ workingHours: true, daysOff: true });

export class AppointmentSettingsStore {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  get(): AppointmentSettings {
    const row = this.sql('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    const parsed = row ? stored.safeParse(JSON.parse(row.value)) : null;
    const s = parsed?.success ? parsed.data : { workingHours: DEFAULT_HOURS, daysOff: [] };
    return { workingHours: s.workingHours, daysOff: s.daysOff, rooms: this.rooms() };
  }

  rooms(): Room[] {
    return (this.sql('SELECT id, name, active FROM rooms ORDER BY position, id').all() as { id: number; name: string; active: number }[]).map((r) => ({ id: r.id, name: r.name, active: r.active === 1 }));
  }

  /** The whole settings (validated by the route). A room left out of the list is refused: retire it instead. */
  save(actor: UserRef, input: z.output<typeof appointmentSettingsSchema>): AppointmentSettings {
    return this.db
      .transaction(() => {
        const before = this.get();
        const known = new Map(before.rooms.map((r) => [r.id, r]));
        const problems: { path: string; message: string }[] = [];
        const listed = new Set<number>();
        const names = new Set<string>();
        input.rooms.forEach((r, i) => {
          if (r.id !== undefined && !known.has(r.id)) problems.push({ path: `rooms.${i}.id`, message: `there is no room ${r.id}` });
          if (r.id !== undefined && listed.has(r.id)) problems.push({ path: `rooms.${i}.id`, message: `room ${r.id} is listed twice` });
          if (r.id !== undefined) listed.add(r.id);
          const n = r.name.toLocaleLowerCase();
          if (names.has(n)) problems.push({ path: `rooms.${i}.name`, message: 'two rooms have this name' });
          names.add(n);
        });
        for (const r of before.rooms) if (!listed.has(r.id)) problems.push({ path: 'rooms', message: `room ${r.id} (${r.name}) is missing: a room is retired (active false), not removed` });
        if (problems.length) throw new ValidationError(problems);
        const now = this.clock().toISOString();
        const daysOff = [...new Set(input.daysOff)].sort();
        this.sql(
          `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        ).run(KEY, JSON.stringify({ workingHours: input.workingHours, daysOff }), now, actor.id);
        // Names are UNIQUE: out of the way first, so two rooms may swap names.
        this.sql("UPDATE rooms SET name = '~' || id || '~' || name").run();
        input.rooms.forEach((r, i) => {
          if (r.id !== undefined) this.sql('UPDATE rooms SET position = ?, name = ?, active = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(i + 1, r.name, r.active ? 1 : 0, now, actor.id, r.id);
          else this.sql('INSERT INTO rooms (position, name, active, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)').run(i + 1, r.name, r.active ? 1 : 0, now, actor.id);
        });
        const after = this.get();
        this.audit.record(actor, { action: 'update', entity: 'settings', summary: 'appointment settings changed (rooms, working hours, days off)', detail: { before, after } });
        return after;
      })
      .immediate();
  }
}
