import { Router } from 'express';
import { z } from 'zod';
import { giftCreateSchema, giftPatchSchema, giftRedeemSchema, giftReverseSchema } from '../../../till/gift-service.js';
import { authOf, requireAnyPermission, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const listQuery = z.object({ active: z.enum(['1', '0']).optional() }).strict();
const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

/**
 * Gifts for points (M2): the gift list is part of the studio's set-up (settings:edit, read by
 * the desk that redeems); redeeming and reversing change a card's points (membership:edit,
 * like deducting points by hand).
 */
export function giftRoutes(ctx: HttpContext): Router {
  const r = Router();

  r.get('/gifts', requireAnyPermission(['membership', 'view'], ['settings', 'view']), (req, res) => {
    const q = parseInput(listQuery, req.query);
    res.json({ data: ctx.gifts.list(q.active === '1') });
  });
  r.post('/gifts', requirePermission('settings', 'edit'), (req, res) => {
    const body = parseInput(giftCreateSchema, req.body);
    res.status(201).json({ data: ctx.gifts.create(authOf(res).actor, body) });
  });
  r.patch('/gifts/:id', requirePermission('settings', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(giftPatchSchema, req.body);
    res.json({ data: ctx.gifts.patch(authOf(res).actor, id, body) });
  });

  r.get('/member-cards/:id/gift-redemptions', requirePermission('membership', 'view'), (req, res) => {
    const id = idParam(req.params.id);
    const { limit } = parseInput(pageQuery, req.query);
    res.json({ data: ctx.gifts.forCard(id, limit) });
  });
  r.post('/member-cards/:id/gift-redemptions', requirePermission('membership', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(giftRedeemSchema, req.body);
    res.status(201).json({ data: ctx.gifts.redeem(authOf(res).actor, id, body) });
  });
  r.post('/gift-redemptions/:id/reverse', requirePermission('membership', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const { reason } = parseInput(giftReverseSchema, req.body);
    res.status(201).json({ data: ctx.gifts.reverse(authOf(res).actor, id, reason) });
  });

  return r;
}
