import express, { type Express } from 'express';
import { AppError } from '../errors.js';
import { requireLogin, sessionReader } from './auth-middleware.js';
import type { HttpContext } from './context.js';
import { errorHandler, notFoundApi } from './error-handler.js';
import { fairTurns } from './fair-turns.js';
import { hostCheck } from './host-check.js';
import { originCheck } from './origin-check.js';
import { securityHeaders } from './security-headers.js';
import { adminRoutes } from './routes/admin-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { contactRoutes } from './routes/contact-routes.js';
import { mailCampaignRoutes } from './routes/mail-campaign-routes.js';
import { followupRoutes } from './routes/followup-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { customerRoutes } from './routes/customer-routes.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { setupRoutes } from './routes/setup-routes.js';
import { smsRoutes } from './routes/sms-routes.js';
import { callRoutes } from './routes/call-routes.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { orderRoutes } from './routes/order-routes.js';
import { stageRoutes } from './routes/stage-routes.js';
import { reminderRoutes } from './routes/reminder-routes.js';
import { membershipRoutes } from './routes/membership-routes.js';
import { adminOnly, simulatorRoutes } from './routes/simulator-routes.js';
import { scrubRoutes } from './routes/scrub-routes.js';
import { systemRoutes } from './routes/system-routes.js';
import { importRoutes } from './routes/import-routes.js';
import { exportRoutes } from './routes/export-routes.js';
import { mailRoutes } from './routes/mail-routes.js';
import { tillRoutes } from './routes/till-routes.js';
import { tillCardRoutes } from './routes/till-card-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { booksRoutes } from './routes/books-routes.js';
import { careRoutes } from './routes/care-routes.js';
import { templateRoutes } from './routes/template-routes.js';
import { campaignRoutes } from './routes/campaign-routes.js';
import { sendRecordRoutes } from './routes/send-record-routes.js';
import { mirrorRoutes } from './routes/mirror-routes.js';
import { backupRoutes } from './routes/backup-routes.js';
import { workflowRoutes } from './routes/workflow-routes.js';
import { appointmentRoutes } from './routes/appointment-routes.js';
import { selectionRoutes } from './routes/selection-routes.js';
import { postTaskRoutes } from './routes/post-task-routes.js';
import { lookupRoutes } from './routes/lookup-routes.js';
import { eventStream } from './sse.js';
import { staticUi } from './static-ui.js';

export function createApp(ctx: HttpContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Behind a TLS proxy: req.secure (the cookie's Secure) and req.hostname follow X-Forwarded-*.
  app.set('trust proxy', ctx.config.http.trustProxy);
  app.use(hostCheck({ extra: ctx.config.http.allowedHosts }));
  app.use(securityHeaders);

  const api = express.Router();
  api.use(express.json({ limit: '256kb' }));
  api.use(originCheck);
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // From here on every request takes its turn: handlers run in arrival order (fair-turns.ts).
  api.use(fairTurns());
  api.use(sessionReader(ctx));
  api.use(healthRoutes(ctx));
  api.use(setupRoutes(ctx));
  api.use((_req, _res, next) => {
    // Until the wizard has run there is nobody to log in; every other route waits for it.
    if (ctx.users.count() === 0) return next(new AppError(409, 'setup_needed', 'the box is not set up yet; open it in a browser'));
    next();
  });
  api.use(authRoutes(ctx));
  // Public: a customer's own order (no login).
  api.use(lookupRoutes(ctx));
  api.get('/events', requireLogin, eventStream(ctx));
  api.use(adminRoutes(ctx));
  api.use(stageRoutes(ctx));
  api.use(dashboardRoutes(ctx));
  api.use(reminderRoutes(ctx));
  api.use(customerRoutes(ctx));
  api.use(importRoutes(ctx));
  api.use(exportRoutes(ctx));
  api.use(mailRoutes(ctx));
  api.use(mailCampaignRoutes(ctx));
  api.use(contactRoutes(ctx));
  api.use(followupRoutes(ctx));
  api.use(smsRoutes(ctx));
  api.use(careRoutes(ctx));
  api.use(templateRoutes(ctx));
  api.use(campaignRoutes(ctx));
  api.use(sendRecordRoutes(ctx));
  api.use(callRoutes(ctx));
  api.use(ingestRoutes(ctx));
  api.use(orderRoutes(ctx));
  api.use(workflowRoutes(ctx));
  api.use(appointmentRoutes(ctx));
  api.use(selectionRoutes(ctx));
  api.use(postTaskRoutes(ctx));
  api.use(membershipRoutes(ctx));
  api.use(tillRoutes(ctx));
  api.use(tillCardRoutes(ctx));
  api.use(booksRoutes(ctx));
  api.use(reportRoutes(ctx));
  api.use(simulatorRoutes(ctx.simulator, adminOnly));
  api.use(scrubRoutes(ctx));
  api.use(systemRoutes(ctx));
  api.use(mirrorRoutes(ctx));
  api.use(backupRoutes(ctx));
  api.use(notFoundApi);

  app.use('/api', api);
  app.use(staticUi(ctx.uiDir));
  app.use(errorHandler(ctx.log));
  return app;
}
