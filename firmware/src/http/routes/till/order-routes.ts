import { Router, type Response } from 'express';
import type { Order } from '../../../api-types.js';
import { can } from '../../../auth/permissions.js';
import { z } from 'zod';
import { paymentBodySchema, reverseBodySchema } from '../../../finance/payment-service.js';
import { orderCreateSchema, orderPatchSchema, orderStateSchema } from '../../../orders/order-service.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * Orders (O1) and their payments (F1). Orders need the orders rights; the money paid and owed
 * on them needs finance:view (as on the caller's card), so a photographer may move an order
 * along without seeing the till. The price is part of the order.
 */
export function orderRoutes(ctx: HttpContext): Router {
  const r = Router();
  /** The order as this user may see it. */
  const shown = (res: Response, o: Order): Order => (can(authOf(res).permissions, 'finance', 'view') ? o : { ...o, paidMinor: null, dueMinor: null });

  r.get('/customers/:id/orders', requirePermission('orders', 'view'), (req, res) => {
    const list = ctx.orders.listForCustomer(idParam(req.params.id));
    const money = can(authOf(res).permissions, 'finance', 'view');
    res.json({ data: money ? list : { orders: list.orders.map((o) => shown(res, o)), unpaid: [] } });
  });
  r.post('/customers/:id/orders', requirePermission('orders', 'add'), (req, res) => {
    const customerId = idParam(req.params.id);
    const body = parseInput(orderCreateSchema, req.body);
    res.status(201).json({ data: shown(res, ctx.orders.create(authOf(res).actor, customerId, body)) });
  });
  r.get('/orders/:id', requirePermission('orders', 'view'), (req, res) => {
    res.json({ data: shown(res, ctx.orders.get(idParam(req.params.id))) });
  });
  r.patch('/orders/:id', requirePermission('orders', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(orderPatchSchema, req.body);
    res.json({ data: shown(res, ctx.orders.patch(authOf(res).actor, id, body)) });
  });
  r.post('/orders/:id/state', requirePermission('orders', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const { state } = parseInput(orderStateSchema, req.body);
    res.json({ data: shown(res, ctx.orders.setState(authOf(res).actor, id, state)) });
  });

  r.get('/orders/:id/payments', requirePermission('finance', 'view'), (req, res) => {
    res.json({ data: ctx.payments.listForOrder(idParam(req.params.id)) });
  });
  r.post('/orders/:id/payments', requirePermission('finance', 'add'), (req, res) => {
    const orderId = idParam(req.params.id);
    const body = parseInput(paymentBodySchema, req.body);
    res.status(201).json({ data: ctx.payments.take(authOf(res).actor, orderId, body) });
  });
  r.post('/payments/:id/reverse', requirePermission('finance', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const { reason } = parseInput(reverseBodySchema, req.body);
    res.status(201).json({ data: ctx.payments.reverse(authOf(res).actor, id, reason) });
  });
  r.get('/customers/:id/payments', requirePermission('finance', 'view'), (req, res) => {
    const id = idParam(req.params.id);
    const { limit } = parseInput(listQuery, req.query);
    res.json({ data: ctx.payments.listForCustomer(id, limit) });
  });

  return r;
}
