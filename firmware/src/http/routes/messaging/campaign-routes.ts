import { Router } from 'express';
import { z } from 'zod';
import { OUTBOX_STATES } from '../../../api-types.js';
import { campaignInputSchema } from '../../../campaigns/campaign-service.js';
import { campaignSettingsSchema } from '../../../campaigns/campaign-settings.js';
import { segmentFilterSchema, segmentInputSchema, segmentPatchSchema } from '../../../campaigns/segment-filter.js';
import { matchList, segmentListSchema } from '../../../campaigns/segment-list.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const countBody = z.object({ filter: segmentFilterSchema, first: z.number().int().min(0).max(50).optional() }).strict();
const RECIPIENT_STATES = ['pending', 'excluded', ...OUTBOX_STATES] as const;
const recipientsQuery = z.object({
  state: z.enum(RECIPIENT_STATES).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * Group SMS (S3) under the `campaigns` right: view (campaigns, their records), add (segments, and
 * the estimate before sending), edit (send, schedule, pause, resume, cancel; segments changed),
 * delete (segments). Segments and recipients show customers: customers:view too.
 */
export function campaignRoutes(ctx: HttpContext): Router {
  const r = Router();
  const { segments, campaigns, settings } = ctx.campaigns;
  const view = [requirePermission('campaigns', 'view'), requirePermission('customers', 'view')];

  r.get('/segments', requirePermission('campaigns', 'view'), (_req, res) => {
    res.json({ data: segments.list() });
  });
  r.post('/segments/count', ...view, (req, res) => {
    const b = parseInput(countBody, req.body);
    res.json({ data: segments.count(b.filter, b.first ?? 10) });
  });
  r.post('/segments/list', ...view, (req, res) => {
    res.json({ data: matchList(ctx.db, parseInput(segmentListSchema, req.body).entries, ctx.settings.country()) });
  });
  r.post('/segments', requirePermission('campaigns', 'add'), (req, res) => {
    res.status(201).json({ data: segments.create(authOf(res).actor, parseInput(segmentInputSchema, req.body)) });
  });
  r.get('/segments/:id', requirePermission('campaigns', 'view'), (req, res) => {
    res.json({ data: segments.get(idParam(req.params.id)) });
  });
  r.patch('/segments/:id', requirePermission('campaigns', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    res.json({ data: segments.update(authOf(res).actor, id, parseInput(segmentPatchSchema, req.body)) });
  });
  r.delete('/segments/:id', requirePermission('campaigns', 'delete'), (req, res) => {
    segments.delete(authOf(res).actor, idParam(req.params.id));
    res.status(204).end();
  });

  r.get('/campaigns/settings', requirePermission('campaigns', 'view'), (_req, res) => {
    res.json({ data: settings.get() });
  });
  r.put('/campaigns/settings', requirePermission('campaigns', 'edit'), (req, res) => {
    res.json({ data: settings.save(authOf(res).actor, parseInput(campaignSettingsSchema, req.body)) });
  });
  r.post('/campaigns/estimate', requirePermission('campaigns', 'add'), requirePermission('customers', 'view'), async (req, res) => {
    res.json({ data: await campaigns.estimate(parseInput(campaignInputSchema, req.body)) });
  });
  r.get('/campaigns', requirePermission('campaigns', 'view'), (_req, res) => {
    res.json({ data: campaigns.list() });
  });
  r.post('/campaigns', requirePermission('campaigns', 'edit'), requirePermission('customers', 'view'), (req, res) => {
    const c = campaigns.create(authOf(res).actor, parseInput(campaignInputSchema, req.body));
    ctx.campaigns.runner.wake();
    res.status(202).json({ data: c });
  });
  // Before /campaigns/:id. The sends draining now, SMS and e-mail: the progress on every page.
  r.get('/campaigns/running', requirePermission('campaigns', 'view'), (_req, res) => {
    res.json({ data: [...campaigns.running(), ...ctx.mailCampaigns.running(ctx.config.mail.perMinute)] });
  });
  r.get('/campaigns/:id', requirePermission('campaigns', 'view'), (req, res) => {
    res.json({ data: campaigns.get(idParam(req.params.id)) });
  });
  r.get('/campaigns/:id/recipients', ...view, (req, res) => {
    const id = idParam(req.params.id);
    campaigns.store.row(id);
    const q = parseInput(recipientsQuery, req.query);
    res.json({ data: campaigns.store.recipients(id, { state: q.state, after: q.after, limit: q.limit }) });
  });
  for (const action of ['pause', 'resume', 'cancel'] as const) {
    r.post(`/campaigns/:id/${action}`, requirePermission('campaigns', 'edit'), (req, res) => {
      const c = campaigns[action](authOf(res).actor, idParam(req.params.id));
      ctx.campaigns.runner.wake();
      res.json({ data: c });
    });
  }
  return r;
}
