import { Router } from 'express';
import { z } from 'zod';
import { ARREARS_PAGE_MAX } from '../../../till/arrears.js';
import { closingSchema, dayParam } from '../../../till/day-closing.js';
import { tillSettingsSchema } from '../../../till/till-settings.js';
import { pointsPreviewQuery, reasonSchema, topUpSchema, transferSchema } from '../../../till/till-schemas.js';
import { authOf, requireAnyPermission, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

/**
 * The till's card side (M2, M3): the points rules and top-up bonuses (settings), top-ups and a
 * card's stored value statement and transfers between a main card and its attached cards
 * (money: finance rights), reversing a top-up or a transfer (finance:edit, like reversing a
 * payment) and the points a bill will earn.
 */
export function tillCardRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/till-settings', requireAnyPermission(['settings', 'view'], ['finance', 'view']), (_req, res) => {
    res.json({ data: ctx.tillSettings.get() });
  });
  r.put('/till-settings', requirePermission('settings', 'edit'), (req, res) => {
    const body = parseInput(tillSettingsSchema, req.body);
    res.json({ data: ctx.tillSettings.save(authOf(res).actor, body) });
  });

  r.get('/member-cards/:id/stored-value', requirePermission('finance', 'view'), (req, res) => {
    res.json({ data: ctx.storedValue.statement(idParam(req.params.id)) });
  });
  r.post('/member-cards/:id/top-ups', requirePermission('finance', 'add'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(topUpSchema, req.body);
    res.status(201).json({ data: ctx.storedValue.topUp(authOf(res).actor, id, body) });
  });
  // Stored value between a main card and its attached cards (when the main card's type shares).
  r.get('/member-cards/:id/transfer-cards', requirePermission('finance', 'view'), (req, res) => {
    res.json({ data: ctx.storedValue.transferCards(idParam(req.params.id)) });
  });
  r.post('/member-cards/:id/transfers', requirePermission('finance', 'add'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(transferSchema, req.body);
    res.status(201).json({ data: ctx.storedValue.transfer(authOf(res).actor, id, body) });
  });
  r.post('/stored-value/:id/reverse', requirePermission('finance', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const { reason } = parseInput(reasonSchema, req.body);
    res.status(201).json({ data: ctx.storedValue.reverse(authOf(res).actor, id, reason) });
  });

  /** What a bill of this amount would earn on the order's customer's card now; null without a card. */
  r.get('/orders/:id/points-preview', requirePermission('finance', 'view'), (req, res) => {
    const order = ctx.orders.get(idParam(req.params.id));
    const { amountMinor } = parseInput(pointsPreviewQuery, req.query);
    const card = ctx.points.cardOfCustomer(order.customer.id);
    res.json({ data: card ? ctx.points.preview(card, 'bill', amountMinor) : null });
  });

  /** Every order with money owed, oldest first (F1). */
  r.get('/arrears', requirePermission('finance', 'view'), (req, res) => {
    const { limit } = parseInput(arrearsQuery, req.query);
    res.json({ data: ctx.arrears.list(limit) });
  });

  // Closing the day (F2): a right of its own ("closing"), apart from taking money.
  r.get('/closings', requirePermission('closing', 'view'), (req, res) => {
    const { limit } = parseInput(arrearsQuery, req.query);
    res.json({ data: ctx.closing.list(Math.min(limit, 100)) });
  });
  r.get('/closings/:day', requirePermission('closing', 'view'), (req, res) => {
    res.json({ data: ctx.closing.takings(parseInput(dayParam, req.params.day)) });
  });
  r.post('/closings', requirePermission('closing', 'add'), (req, res) => {
    const body = parseInput(closingSchema, req.body);
    res.status(201).json({ data: ctx.closing.close(authOf(res).actor, body) });
  });

  return r;
}

const arrearsQuery = z.object({ limit: z.coerce.number().int().min(1).max(ARREARS_PAGE_MAX).default(200) }).strict();
