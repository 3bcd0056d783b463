import { Router } from 'express';
import { z } from 'zod';
import { mailCampaignSchema, recipientQuery } from '../../../mail/mail-campaigns.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/**
 * Group e-mail (S6), with the group SMS's right `campaigns`: view to see campaigns and their
 * recipients, add to check one (the previews), edit to send and to cancel the rest.
 */
export function mailCampaignRoutes(ctx: HttpContext): Router {
  const r = Router();
  r.get('/mail-campaigns', requirePermission('campaigns', 'view'), (req, res) => {
    res.json({ data: ctx.mailCampaigns.list(parseInput(listQuery, req.query).limit) });
  });
  r.post('/mail-campaigns/preview', requirePermission('campaigns', 'add'), (req, res) => {
    res.json({ data: ctx.mailCampaigns.estimate(parseInput(mailCampaignSchema, req.body)) });
  });
  r.post('/mail-campaigns', requirePermission('campaigns', 'edit'), (req, res) => {
    const { campaign, created } = ctx.mailCampaigns.create(authOf(res).actor, parseInput(mailCampaignSchema, req.body));
    res.status(created ? 201 : 200).json({ data: campaign });
  });
  r.get('/mail-campaigns/:id', requirePermission('campaigns', 'view'), (req, res) => {
    res.json({ data: ctx.mailCampaigns.get(idParam(req.params.id)) });
  });
  r.get('/mail-campaigns/:id/recipients', requirePermission('campaigns', 'view'), (req, res) => {
    const id = idParam(req.params.id);
    res.json({ data: ctx.mailCampaigns.recipients(id, parseInput(recipientQuery, req.query)) });
  });
  r.post('/mail-campaigns/:id/cancel', requirePermission('campaigns', 'edit'), (req, res) => {
    res.json({ data: ctx.mailCampaigns.cancel(authOf(res).actor, idParam(req.params.id)) });
  });
  return r;
}
