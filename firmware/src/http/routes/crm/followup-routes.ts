import { Router } from 'express';
import { z } from 'zod';
import { feedbackBodySchema, feedbackListQuery, feedbackPatchSchema } from '../../../crm/feedback-service.js';
import { referrerBodySchema } from '../../../crm/referral-service.js';
import { visitPlanBodySchema, visitPlanCancelSchema, visitPlanDoneSchema, visitPlanListQuery, visitPlanPatchSchema } from '../../../crm/visit-plan-service.js';
import { can } from '../../../auth/permissions.js';
import { ForbiddenError } from '../../../errors.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const topQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/**
 * The rest of C3: visit plans and feedback (with contact records' rights: `contacts`), and
 * referrals (part of the customer: `customers`).
 */
export function followupRoutes(ctx: HttpContext): Router {
  const r = Router();

  // Visit plans.
  // One's own list with the right to view contact records; another's, or everyone's, with the
  // right to move and reassign plans (edit): the manager's view.
  r.get('/visit-plans', requirePermission('contacts', 'view'), (req, res) => {
    const q = parseInput(visitPlanListQuery, req.query);
    const auth = authOf(res);
    if (q.staffId !== auth.actor.id && !can(auth.permissions, 'contacts', 'edit')) {
      throw new ForbiddenError(`you need the "edit" right on "contacts" to see ${q.staffId === undefined ? "everyone's" : "another staff member's"} visit plans`);
    }
    res.json({ data: ctx.visitPlans.due(q) });
  });
  r.get('/visit-plans/mine', requirePermission('contacts', 'view'), (_req, res) => {
    res.json({ data: ctx.visitPlans.countFor(authOf(res).actor.id) });
  });
  r.get('/visit-plans/staff', requirePermission('contacts', 'view'), (_req, res) => {
    res.json({ data: ctx.visitPlans.staff() });
  });
  r.get('/customers/:id/visit-plans', requirePermission('contacts', 'view'), (req, res) => {
    res.json({ data: ctx.visitPlans.forCustomer(idParam(req.params.id)) });
  });
  r.post('/customers/:id/visit-plans', requirePermission('contacts', 'add'), (req, res) => {
    const id = idParam(req.params.id);
    res.status(201).json({ data: ctx.visitPlans.add(authOf(res).actor, id, parseInput(visitPlanBodySchema, req.body)) });
  });
  r.patch('/visit-plans/:id', requirePermission('contacts', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    res.json({ data: ctx.visitPlans.update(authOf(res).actor, id, parseInput(visitPlanPatchSchema, req.body)) });
  });
  // Done writes a contact record: the right to add one.
  r.post('/visit-plans/:id/complete', requirePermission('contacts', 'add'), (req, res) => {
    const id = idParam(req.params.id);
    res.json({ data: ctx.visitPlans.complete(authOf(res).actor, id, parseInput(visitPlanDoneSchema, req.body)) });
  });
  r.post('/visit-plans/:id/cancel', requirePermission('contacts', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    res.json({ data: ctx.visitPlans.cancel(authOf(res).actor, id, parseInput(visitPlanCancelSchema, req.body).reason ?? '') });
  });

  // Feedback and complaints.
  r.get('/feedback', requirePermission('contacts', 'view'), (req, res) => {
    res.json({ data: ctx.feedback.search(parseInput(feedbackListQuery, req.query)) });
  });
  r.get('/customers/:id/feedback', requirePermission('contacts', 'view'), (req, res) => {
    res.json({ data: ctx.feedback.forCustomer(idParam(req.params.id)) });
  });
  r.post('/customers/:id/feedback', requirePermission('contacts', 'add'), (req, res) => {
    const id = idParam(req.params.id);
    res.status(201).json({ data: ctx.feedback.add(authOf(res).actor, id, parseInput(feedbackBodySchema, req.body)) });
  });
  r.patch('/feedback/:id', requirePermission('contacts', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    res.json({ data: ctx.feedback.update(authOf(res).actor, id, parseInput(feedbackPatchSchema, req.body)) });
  });

  // Referrals.
  r.get('/customers/:id/referrals', requirePermission('customers', 'view'), (req, res) => {
    res.json({ data: ctx.referrals.get(idParam(req.params.id)) });
  });
  r.put('/customers/:id/referrer', requirePermission('customers', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    res.json({ data: ctx.referrals.set(authOf(res).actor, id, parseInput(referrerBodySchema, req.body).referrerId) });
  });
  r.get('/referrals/top', requirePermission('customers', 'view'), (req, res) => {
    res.json({ data: ctx.referrals.top(parseInput(topQuery, req.query).limit) });
  });

  return r;
}
