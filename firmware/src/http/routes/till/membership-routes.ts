import { Router } from 'express';
import { z } from 'zod';
import {
  cardIssueSchema,
  cardTypeCreateSchema,
  cardTypePatchSchema,
  pointsSchema,
  reverseSchema,
} from '../../../membership/membership-schemas.js';
import { CARD_CODE_KINDS, cardCodeSvg } from '../../../membership/card-codes.js';
import { authOf, requirePermission } from '../../auth-middleware.js';
import type { HttpContext } from '../../context.js';
import { idParam, parseInput } from '../../validate.js';

const codeQuery = z.object({ kind: z.enum(CARD_CODE_KINDS).default('code128') }).strict();

const ledgerQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * Membership (M1): card types, member cards under their customer, and the points ledger.
 * Card types are the studio's settings (settings:edit to change them); cards and points are
 * membership's (add to issue a card, edit to close one or move points).
 */
export function membershipRoutes(ctx: HttpContext): Router {
  const r = Router();
  const m = ctx.membership;

  r.get('/member-card-types', requirePermission('membership', 'view'), (_req, res) => {
    res.json({ data: m.listTypes() });
  });
  r.post('/member-card-types', requirePermission('settings', 'edit'), (req, res) => {
    const body = parseInput(cardTypeCreateSchema, req.body);
    res.status(201).json({ data: m.createType(authOf(res).actor, body) });
  });
  r.patch('/member-card-types/:id', requirePermission('settings', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(cardTypePatchSchema, req.body);
    res.json({ data: m.updateType(authOf(res).actor, id, body) });
  });

  r.get('/customers/:id/member-cards', requirePermission('membership', 'view'), (req, res) => {
    res.json({ data: m.listForCustomer(idParam(req.params.id)) });
  });
  r.post('/customers/:id/member-cards', requirePermission('membership', 'add'), (req, res) => {
    const customerId = idParam(req.params.id);
    const body = parseInput(cardIssueSchema, req.body);
    res.status(201).json({ data: m.issue(authOf(res).actor, customerId, body) });
  });

  // Before /member-cards/:id so a scanned number is never read as an id.
  r.get('/member-cards/by-no/:cardNo', requirePermission('membership', 'view'), (req, res) => {
    res.json({ data: m.byCardNo(String(req.params.cardNo)) });
  });
  r.get('/member-cards/:id', requirePermission('membership', 'view'), (req, res) => {
    res.json({ data: m.get(idParam(req.params.id)) });
  });
  /** The card's number as a barcode (Code 128) or QR code, an SVG image for the card page and receipts. */
  r.get('/member-cards/:id/code.svg', requirePermission('membership', 'view'), async (req, res) => {
    const card = m.get(idParam(req.params.id));
    const { kind } = parseInput(codeQuery, req.query);
    const svg = await cardCodeSvg(card.cardNo, kind);
    // A card's number never changes; the image is the member's, so the browser keeps it alone.
    res.setHeader('Cache-Control', 'private, max-age=86400');
    res.type('image/svg+xml').send(svg);
  });
  r.post('/member-cards/:id/close', requirePermission('membership', 'edit'), (req, res) => {
    res.json({ data: m.close(authOf(res).actor, idParam(req.params.id)) });
  });

  r.get('/member-cards/:id/points', requirePermission('membership', 'view'), (req, res) => {
    const id = idParam(req.params.id);
    const { limit } = parseInput(ledgerQuery, req.query);
    res.json({ data: m.ledger(id, limit) });
  });
  r.post('/member-cards/:id/points', requirePermission('membership', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(pointsSchema, req.body);
    res.status(201).json({ data: m.addPoints(authOf(res).actor, id, body) });
  });
  r.post('/points/:id/reverse', requirePermission('membership', 'edit'), (req, res) => {
    const id = idParam(req.params.id);
    const { reason } = parseInput(reverseSchema, req.body);
    res.status(201).json({ data: m.reversePoints(authOf(res).actor, id, reason) });
  });

  return r;
}
