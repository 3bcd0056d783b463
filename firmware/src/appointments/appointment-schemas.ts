// The request bodies and queries of the appointments API (O3), zod. Bad input is a 400 naming the field.
import { z } from 'zod';
import { APPOINTMENT_KINDS, APPOINTMENT_MAX_MINUTES, POSTS, SETUP_MAX_MINUTES } from '../api-types.js';
import { parseIsoDate } from '../util/local-time.js';
import { lineText, nameText } from '../util/text-schemas.js';
import { minutesOf } from './clash-rules.js';

const isoDate = z.string().refine((s) => parseIsoDate(s) !== null, 'not a date (YYYY-MM-DD)');
const hhmm = z.string().refine((s) => minutesOf(s) !== null, 'not a time of day (HH:MM, 00:00–23:59)');
const instant = z.iso.datetime({ offset: true });
const setup = z.number().int().min(0).max(SETUP_MAX_MINUTES);

export const appointmentInputSchema = z
  .object({
    kind: z.enum(APPOINTMENT_KINDS),
    customerId: z.number().int().positive(),
    orderId: z.number().int().positive().nullable().optional(),
    roomId: z.number().int().positive().nullable().optional(),
    people: z
      .array(z.object({ userId: z.number().int().positive(), post: z.enum(POSTS) }).strict())
      .max(10)
      .refine((p) => new Set(p.map((x) => x.userId)).size === p.length, 'a person is listed twice'),
    startsAt: instant,
    endsAt: instant,
    setupBefore: setup.optional(),
    setupAfter: setup.optional(),
    note: z.string().trim().max(1000).optional(),
    overrideReason: lineText(200).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    const length = Date.parse(a.endsAt) - Date.parse(a.startsAt);
    if (!(length > 0)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    else if (length > APPOINTMENT_MAX_MINUTES * 60_000) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: `at most ${APPOINTMENT_MAX_MINUTES / 60} hours after startsAt` });
  });
export type AppointmentInputParsed = z.output<typeof appointmentInputSchema>;

/** GET /api/appointments?from=&to=&room=&person= */
export const calendarQuerySchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    room: z.coerce.number().int().positive().optional(),
    person: z.coerce.number().int().positive().optional(),
  })
  .strict();

/** POST /api/appointments/:id/cancel */
export const cancelSchema = z.object({ reason: lineText(200).optional() }).strict();

export const MAX_DAYS_OFF = 400;

/** PUT /api/appointments/settings */
export const appointmentSettingsSchema = z
  .object({
    workingHours: z
      .array(z.object({ open: hhmm, close: hhmm }).strict().nullable())
      .length(7)
      .superRefine((days, ctx) => {
        days.forEach((d, i) => {
          if (d && minutesOf(d.close)! <= minutesOf(d.open)!) ctx.addIssue({ code: 'custom', path: [i, 'close'], message: 'must be after open' });
        });
      }),
    daysOff: z.array(isoDate).max(MAX_DAYS_OFF),
    rooms: z.array(z.object({ id: z.number().int().positive().optional(), name: nameText(60), active: z.boolean() }).strict()).max(50),
  })
  .strict();
