import { existsSync, readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Config } from './platform/config';
import { openDatabase, type Database, type Tx } from './platform/db';
import { createLogger, type Logger } from './platform/logger';
import { systemClock, type Clock } from './platform/clock';
import { AppError } from './platform/errors';
import { createRouter, type Actor, type AppEnv } from './platform/http';
import { originCheck } from './platform/csrf';
import { inputGuard } from './platform/input-guard';
import { dataErrorOf } from './platform/crud';
import { createJobRunner } from './platform/jobs';
import { renderApiDocs } from './platform/api-docs';
import { createHttpMetrics, renderGauges, type Gauge } from './platform/metrics';
import { repoRoot, version } from './platform/version';
import { createAuditService } from './modules/audit/audit.service';
import { createActorCache } from './platform/actor-cache';
import { createWorkspacesService } from './modules/workspaces/workspaces.service';
import { createAuthService } from './modules/auth/auth.service';
import { createPasswords } from './modules/auth/passwords';
import { atLeast } from './modules/auth/access';
import { routeRoles, routerPathOf } from './modules/auth/route-roles';
import { createContactsService } from './modules/contacts/contacts.service';
import { createCompaniesService } from './modules/companies/companies.service';
import { createDealsService } from './modules/deals/deals.service';
import { createCustomFieldsService } from './modules/custom-fields/custom-fields.service';
import { registerCustomFieldRoutes } from './modules/custom-fields/custom-fields.routes';
import { createActivitiesService } from './modules/activities/activities.service';
import { createProductsService } from './modules/products/products.service';
import { createOrdersService } from './modules/orders/orders.service';
import { createReportsService } from './modules/reports/reports.service';
import { createTransferService } from './modules/transfer/transfer.service';
import { createJobsRepo } from './modules/jobs/jobs.repo';
import { createJobsService } from './modules/jobs/jobs.service';
import { registerAuthRoutes, registerAccountRoutes, SESSION_COOKIE } from './modules/auth/auth.routes';
import { registerWorkspaceRoutes } from './modules/workspaces/workspaces.routes';
import { registerContactRoutes } from './modules/contacts/contacts.routes';
import { registerCompanyRoutes } from './modules/companies/companies.routes';
import { registerDealRoutes } from './modules/deals/deals.routes';
import { registerActivityRoutes } from './modules/activities/activities.routes';
import { registerProductRoutes } from './modules/products/products.routes';
import { registerOrderRoutes } from './modules/orders/orders.routes';
import { registerAuditRoutes } from './modules/audit/audit.routes';
import { registerJobRoutes } from './modules/jobs/jobs.routes';
import { registerReportRoutes } from './modules/reports/reports.routes';
import { registerTransferRoutes } from './modules/transfer/transfer.routes';
import { registerDemoRoutes } from './modules/demo/demo.routes';
import { createDemoService } from './modules/demo/demo.service';
import { createDemoJobs } from './modules/demo/demo.jobs';
import { createImportsService } from './modules/imports/imports.service';
import { createImportJobs } from './modules/imports/imports.jobs';
import { createUploadStore } from './modules/imports/storage';
import { registerImportRoutes } from './modules/imports/imports.routes';
import { createSegmentsService } from './modules/segments/segments.service';
import { createRuleSegmentsService } from './modules/segments/rule-segments.service';
import { createSegmentQueries } from './modules/segments/segments-members.repo';
import { createSegmentsJobs } from './modules/segments/segments.jobs';
import { registerSegmentRoutes } from './modules/segments/segments.routes';
import { createRecommendationsService } from './modules/recommendations/recommendations.service';
import { registerRecommendationRoutes } from './modules/recommendations/recommendations.routes';
import { createWorklistService } from './modules/worklist/worklist.service';
import { createAllocationService } from './modules/worklist/allocation.service';
import { registerWorklistRoutes } from './modules/worklist/worklist.routes';
import { createDataQualityService } from './modules/data-quality/data-quality.service';
import { createDataQualityJobs } from './modules/data-quality/data-quality.jobs';
import { registerDataQualityRoutes } from './modules/data-quality/data-quality.routes';
import { createScoringService } from './modules/scoring/scoring.service';
import { createScoringJobs } from './modules/scoring/scoring.jobs';
import { registerScoringRoutes } from './modules/scoring/scoring.routes';
import { createForecastingService } from './modules/forecasting/forecasting.service';
import { createForecastingJobs } from './modules/forecasting/forecasting.jobs';
import { registerForecastingRoutes } from './modules/forecasting/forecasting.routes';
import { createMonitoringService } from './modules/monitoring/monitoring.service';
import { createMonitoringJobs } from './modules/monitoring/monitoring.jobs';
import { registerMonitoringRoutes } from './modules/monitoring/monitoring.routes';
import { createKpisService } from './modules/kpis/kpis.service';
import { registerKpiRoutes } from './modules/kpis/kpis.routes';
import { createMailService } from './modules/mail/mail.service';
import { createMailInbound } from './modules/mail/mail.inbound';
import { createMailJobs } from './modules/mail/mail.jobs';
import { registerMailRoutes, registerPublicMailRoutes } from './modules/mail/mail.routes';
import { createSecretBox } from './platform/secrets';
import { createPrivacyService } from './modules/privacy/privacy.service';
import { createPrivacyJobs } from './modules/privacy/privacy.jobs';
import { registerPrivacyRoutes } from './modules/privacy/privacy.routes';
import { createChatbotService } from './modules/chatbot/chatbot.service';
import { createChatbotJobs } from './modules/chatbot/chatbot.jobs';
import { registerChatbotRoutes } from './modules/chatbot/chatbot.routes';
import { createWebsiteService } from './modules/website/website.service';
import { registerWebsiteRoutes, registerWidgetHttp } from './modules/website/website.routes';
import { createSequencesService } from './modules/sequences/sequences.service';
import { createSequenceJobs } from './modules/sequences/sequences.jobs';
import { registerSequenceRoutes } from './modules/sequences/sequences.routes';
import { createConsentSuppression } from './modules/mail/mail.suppression';

export type AppDeps = { config: Config; database?: Database; clock?: Clock; logger?: Logger };

/** Wires every service once, with plain factories: the one place that knows how the parts fit. */
export function createServices(database: Database, config: Config, clock: Clock, logger: Logger) {
  const db = database.db;
  const audit = createAuditService({ db, clock });
  const actors = createActorCache({ clock, ttlMs: config.PIPEWISE_SESSION_CACHE_SECONDS * 1000 });
  const workspaces = createWorkspacesService({ db, audit, actors });
  const workspaceIds = async () => (await workspaces.list()).map((w) => w.id);
  const passwords = createPasswords(config.PIPEWISE_PASSWORD_N);
  const limits = {
    apiPerMinute: config.API_RATE_LIMIT,
    loginFreeAttempts: config.LOGIN_RATE_LIMIT,
    loginMaxBackoffSeconds: config.LOGIN_BACKOFF_MAX_SECONDS,
  };
  const auth = createAuthService({
    db,
    clock,
    audit,
    workspaces,
    sessionTtlHours: config.SESSION_TTL_HOURS,
    limits,
    passwords,
    actors,
  });
  const customFields = createCustomFieldsService({ db, audit, clock });
  const deps = { db, audit, clock, checkCustomFields: customFields.check };
  const jobsRepo = createJobsRepo(db);
  const runner = createJobRunner({
    database,
    logger,
    clock,
    store: jobsRepo,
    concurrency: config.PIPEWISE_JOB_CONCURRENCY,
    listWorkspaces: async () => (await workspaces.list()).map((w) => w.id),
  });
  const demo = createDemoService({ db, clock, hashPassword: passwords.hash });
  runner.register(...createDemoJobs(demo));
  // PGlite is one process (and a dry run holds its only connection while it reads): its uploads stay files.
  const uploadsInDatabase = database.kind === 'postgres' && (config.PIPEWISE_UPLOADS ?? 'database') === 'database';
  const maxBytes = Math.round(config.PIPEWISE_IMPORT_MAX_MB * 1024 * 1024);
  const uploads = uploadsInDatabase
    ? createUploadStore({ kind: 'database', db, maxBytes })
    : createUploadStore({ kind: 'files', dir: path.join(config.dataDir, 'imports'), maxBytes });
  // The privacy module is built after contacts (it uses them); these narrow functions reach it when called.
  const profilingExcluded = (workspaceId: string) => privacy.profilingExcluded(workspaceId);
  const suppressionMatcher = (tx: Database['db'], workspaceId: string) => privacy.suppressionMatcher(tx, workspaceId);
  const imports = createImportsService({
    db,
    clock,
    audit,
    uploads,
    suppressionMatcher,
    workspaceSettings: async (id) => (await workspaces.get(id)).settings,
  });
  runner.register(...createImportJobs(imports));
  const recommendations = createRecommendationsService({ db, clock, profilingExcluded });
  const segments = createSegmentsService({ db, clock, audit, evaluate: recommendations.evaluate, profilingExcluded });
  const ruleSegments = createRuleSegmentsService({ db, clock, audit });
  runner.register(...createSegmentsJobs(workspaceIds, segments, ruleSegments));
  const dataQuality = createDataQualityService({ db, clock, audit, imports });
  runner.register(...createDataQualityJobs(dataQuality));
  const contacts = createContactsService({
    ...deps,
    isSuppressed: (tx, workspaceId, who) => privacy.isSuppressed(tx, workspaceId, who),
  });
  const privacy = createPrivacyService({
    db,
    clock,
    audit,
    contacts,
    linkSecret: config.PRIVACY_LINK_SECRET,
    // Monitoring is built after privacy (through scoring); reached when an erasure runs.
    forgetContact: (tx, workspaceId, contactId) => monitoring.forgetContact(tx, workspaceId, contactId),
    purgeUploads: (workspaceId, needles) => imports.purgeUploadsMentioning(workspaceId, needles),
  });
  runner.register(...createPrivacyJobs(privacy));
  const deals = createDealsService(deps);
  // A rep may read the scores of the records they may read, nothing more.
  const visibleIds = async (actor: Actor, entity: 'contact' | 'deal', ids: string[]) => {
    if (ids.length === 0) return [];
    const list = await (entity === 'contact' ? contacts : deals).list(
      actor,
      new URLSearchParams({ limit: '500', 'filter[id][in]': ids.slice(0, 500).join(',') }),
    );
    return list.data.map((r) => r.id);
  };
  const scoring = createScoringService({ db, clock, audit, visibleIds, profilingExcluded });
  runner.register(...createScoringJobs(scoring));
  const forecasting = createForecastingService({ db, clock, listWorkspaces: workspaceIds });
  runner.register(...createForecastingJobs(forecasting));
  const monitoring = createMonitoringService({ db, clock, scoring, forecasting, workspaces, segments });
  runner.register(...createMonitoringJobs(monitoring));
  // Sequences and the chatbot report their outcomes to the ROI once they exist (the lead wires them at merge).
  const kpis = createKpisService({
    db,
    clock,
    audit,
    workspaces,
    monitoring,
    // Created further down; only called once a request asks for the ROI report.
    sequenceOutcomes: (ws, since) => sequences.outcomesSince(ws, since),
    chatbotOutcomes: (ws, since) => chatbot.outcomesSince(ws, since),
  });
  const activities = createActivitiesService(deps);
  const secrets = createSecretBox(config, logger);
  const asSystem = (workspaceId: string): Actor => ({
    kind: 'system',
    id: 'mail',
    userId: null,
    workspaceId,
    role: 'owner',
    name: 'Mail',
    repsSeeUnassigned: true,
  });
  // Email on the contact's timeline goes through the activities service, in the mail module's transaction.
  const timeline = {
    logEmail: async (
      tx: Tx,
      actor: Actor,
      e: {
        type: 'email_sent' | 'email_replied' | 'email_opened' | 'email_clicked';
        contactId: string;
        ownerId: string | null;
        at: Date;
        subject: string;
        body: string;
        metadata: Record<string, unknown>;
      },
    ) =>
      (
        await activities.create(
          actor,
          {
            type: e.type,
            occurredAt: e.at,
            contactId: e.contactId,
            ownerId: e.ownerId,
            subject: e.subject.slice(0, 500),
            body: e.body.slice(0, 20_000),
            metadata: e.metadata,
          },
          tx,
        )
      ).id as string,
  };
  // Consent, do-not-contact and the erasure blocklist from the privacy module; the opt-in rule from mail's settings.
  const suppression = createConsentSuppression({
    canContact: (ws, contactId) => privacy.canContact(ws, { contactId }, 'marketing_email'),
    isErased: (ws, who) => privacy.isSuppressed(db, ws, who),
    contactOf: (ws, id) =>
      contacts.rawGet(ws, id).then((c) =>
        c
          ? {
              doNotContact: Boolean(c.doNotContact),
              consentMarketingEmail: c.consentMarketingEmail as 'granted' | 'denied' | 'unknown',
              country: (c.country as string | null) ?? null,
              email: (c.email as string | null) ?? null,
              phone: (c.phone as string | null) ?? null,
            }
          : null,
      ),
    // Called only when mail is sent, after `mail` below exists.
    optInPolicy: (ws) => mail.optInPolicy(ws),
  });
  const mail = createMailService({
    db,
    clock,
    audit,
    secrets,
    logger,
    suppression,
    timeline,
    contactFor: async (actor, id) => {
      const c = await contacts.get(actor, id);
      const s = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
      return {
        id: c.id as string,
        email: s(c.email),
        firstName: s(c.firstName),
        lastName: s(c.lastName),
        phone: s(c.phone),
        title: s(c.title),
        city: s(c.city),
        country: s(c.country),
        companyName: s(c.companyName),
        lifecycleStage: s(c.lifecycleStage),
        ownerId: s(c.ownerId),
      };
    },
    workspaceName: async (ws) => (await workspaces.get(ws)).name,
    publicUrl: config.PIPEWISE_PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
    kick:
      config.PIPEWISE_JOBS === 'off'
        ? undefined
        : () =>
            void runner
              .enqueue('mail.drain', {}, null)
              .catch((e) => logger.warn({ err: String(e) }, 'could not queue the mail drain')),
  });
  const mailInbound = createMailInbound({ db, clock, logger, secrets, audit, mail, timeline });
  runner.register(...createMailJobs(mail, mailInbound));
  const products = createProductsService(deps);
  const chatbot = createChatbotService({
    db,
    clock,
    audit,
    logger,
    secrets,
    contacts,
    activities,
    products,
    recommendations,
    dataQuality,
    privacy,
    mail,
    useEmbeddings: config.PIPEWISE_CHAT_EMBEDDINGS === 'on',
  });
  runner.register(...createChatbotJobs(chatbot));
  const website = createWebsiteService({
    db,
    clock,
    audit,
    chatbot,
    contacts,
    activities,
    matchContact: (workspaceId, who) => dataQuality.matchContact(workspaceId, who),
    recordVisitorConsents: (tx, actor, contactId, consents, source) =>
      privacy.recordVisitorConsents(tx, actor, contactId, consents, source),
    isSuppressed: (tx, workspaceId, who) => privacy.isSuppressed(tx, workspaceId, who),
    unsuppress: (actor, who) => privacy.unsuppress(actor, who),
    limitKey: (key, n) => auth.limitKey(key, n),
    limits: { perVisitor: config.WEBSITE_VISITOR_RATE_LIMIT, perIp: config.WEBSITE_IP_RATE_LIMIT },
    publicUrl: (config.PIPEWISE_PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`).replace(/\/$/, ''),
  });
  const segmentQueries = createSegmentQueries(db);
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const sequences = createSequencesService({
    db,
    clock,
    audit,
    logger,
    mail,
    contactsOf: async (ws, ids) =>
      (await Promise.all([...new Set(ids)].map((id) => contacts.rawGet(ws, id)))).flatMap((c) => {
        if (!c) return [];
        const custom = (c.customFields ?? {}) as Record<string, unknown>;
        return [
          {
            id: c.id as string,
            name: [str(c.firstName), str(c.lastName)].filter(Boolean).join(' ') || (str(c.email) ?? ''),
            email: str(c.email),
            phone: str(c.phone),
            country: str(c.country),
            timeZone: str(custom.timeZone) ?? str(custom.time_zone),
            companyId: str(c.companyId),
            ownerId: str(c.ownerId),
            fields: { ...custom, ...(c as Record<string, unknown>) },
          },
        ];
      }),
    companyContactIds: async (ws, contactId) => {
      const c = await contacts.rawGet(ws, contactId);
      if (!c?.companyId) return [];
      const list = await contacts.list(
        asSystem(ws),
        new URLSearchParams({ limit: '500', 'filter[companyId][eq]': String(c.companyId) }),
      );
      return list.data.map((r) => r.id as string).filter((id) => id !== contactId);
    },
    segmentMembers: async (actor, segmentId) => {
      const ids: string[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await segmentQueries.members(actor, { rule: segmentId }, { limit: 1000, offset });
        ids.push(...page.rows.map((r) => r.contact_id));
        if (page.rows.length < 1000) return ids;
      }
    },
    dealsOf: async (ws, contactId) =>
      (await deals.forContact(asSystem(ws), contactId)).map((d: Record<string, unknown>) => ({
        createdAt: new Date(d.createdAt as string | Date),
        status: String(d.status),
        amount: Number(d.amount ?? 0),
      })),
    createTask: async (tx, actor, t) =>
      (
        await activities.create(
          actor,
          {
            type: 'task',
            occurredAt: clock.now(),
            contactId: t.contactId,
            ownerId: t.ownerId,
            subject: t.title,
            body: t.body,
            metadata: { kind: t.taskKind, dueAt: t.dueAt.toISOString(), done: false, source: 'sequence' },
          },
          tx,
        )
      ).id as string,
  });
  runner.register(...createSequenceJobs(sequences));
  // A lead from the website's chat or forms may start a sequence (the sequences' own triggers decide).
  chatbot.onLeadCaptured(async (e) => void (await sequences.onLeadCaptured(e)));
  website.onLeadCaptured(async (e) => void (await sequences.onLeadCaptured(e)));
  // Opens and clicks of sequence emails feed the sequence's branches and analytics.
  mail.tracking.onEngagement(async (e) => {
    if (e.source === 'sequence')
      await sequences.recordEngagement(e.workspaceId, e.outboxId, e.kind === 'open' ? 'opened' : 'clicked', e.at);
  });
  return {
    database,
    audit,
    workspaces,
    auth,
    contacts,
    companies: createCompaniesService(deps),
    deals,
    customFields,
    activities,
    products,
    orders: createOrdersService(deps),
    reports: createReportsService({ db, clock }),
    transfer: createTransferService({ db, clock, audit }),
    demo,
    imports,
    runner,
    jobs: createJobsService({ repo: jobsRepo, runner }),
    recommendations,
    segments,
    ruleSegments,
    segmentQueries,
    worklist: createWorklistService({
      db,
      clock,
      audit,
      recommendations,
      workspaceTimezone: async (id) => (await workspaces.get(id)).settings.timezone,
    }),
    allocation: createAllocationService({ db, clock, audit }),
    dataQuality,
    scoring,
    forecasting,
    monitoring,
    kpis,
    mail,
    mailInbound,
    sequences,
    privacy,
    chatbot,
    website,
    clock,
  };
}
export type Services = ReturnType<typeof createServices>;

export function createHttpApp(services: Services, config: Config, logger: Logger) {
  const app = new Hono<AppEnv>();
  const api = createRouter();
  const httpMetrics = createHttpMetrics();

  const headerOptions = {
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      scriptSrc: ["'self'"],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
    },
    crossOriginEmbedderPolicy: false,
  };
  const strictHeaders = secureHeaders(headerOptions);
  // The widget script and its routes are loaded by other sites' pages: the same headers, readable cross-origin.
  const widgetHeaders = secureHeaders({ ...headerOptions, crossOriginResourcePolicy: 'cross-origin' });
  app.use('*', (c, next) =>
    (c.req.path === '/widget.js' || c.req.path.startsWith('/w/') ? widgetHeaders : strictHeaders)(c, next),
  );
  // Every API answer may hold personal data: no browser or proxy keeps a copy.
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.onError((err, c) => {
    if (err instanceof AppError) {
      if (err.code === 'rate_limited' && typeof err.details.retryAfter === 'number')
        c.header('Retry-After', String(err.details.retryAfter));
      return c.json(err.toBody(), err.status as 400);
    }
    if (err instanceof SyntaxError || (err instanceof HTTPException && err.status === 400)) {
      return c.json(new AppError('bad_request', 'The request body is not valid JSON', { field: 'body' }).toBody(), 400);
    }
    if (err instanceof HTTPException)
      return c.json(
        new AppError(err.status === 413 ? 'payload_too_large' : 'bad_request', err.message).toBody(),
        err.status,
      );
    // Safety net: a value the database refused (SQLSTATE class 22) is bad input a schema missed, not our failure.
    const dataError = dataErrorOf(err);
    if (dataError) {
      logger.warn(
        { err, path: c.req.path, sqlstate: dataError.details.sqlstate },
        'database refused a value: a schema should have caught it',
      );
      return c.json(dataError.toBody(), 400);
    }
    logger.error({ err, path: c.req.path }, 'unhandled error');
    return c.json(new AppError('internal', 'Something went wrong on our side; it has been logged').toBody(), 500);
  });

  app.use('/api/*', inputGuard);
  registerWidgetHttp(app, services.website);
  app.use('/w/*', inputGuard);

  // Every request, timed by its route pattern (not the path: ids would make a series per record).
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    httpMetrics.observe(c.req.method, c.req.routePath, c.res.status, (performance.now() - started) / 1000);
  });

  // For load balancers and people: 200 when the database answers, 503 when it does not; the queue's backlog either way.
  app.get('/api/health', async (c) => {
    const started = performance.now();
    const failure = await services.database.query('SELECT 1').then(
      () => null,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    const databaseLatencyMs = Math.round((performance.now() - started) * 10) / 10;
    const kind = services.database.kind;
    if (failure)
      return c.json(
        { status: 'unavailable', version, database: kind, error: `The database does not answer: ${failure}` },
        503,
      );
    const queue = await services.runner.queueStats().then(
      (q) => ({ waiting: q.waiting, oldestWaitingSeconds: q.oldestWaitingSeconds }),
      () => null,
    );
    return c.json({ status: 'ok', version, database: kind, databaseLatencyMs, queue }, 200);
  });

  // Prometheus, behind a token; without PIPEWISE_METRICS_TOKEN the endpoint does not exist.
  app.get('/metrics', async (c) => {
    const token = config.PIPEWISE_METRICS_TOKEN;
    if (!token) return c.json(new AppError('not_found', 'No such route').toBody(), 404);
    const given = Buffer.from(c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '');
    const wanted = Buffer.from(token);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      return c.json(new AppError('unauthorized', 'Send the metrics token as a Bearer token').toBody(), 401);
    }
    const stats = await services.runner.queueStats().catch(() => null);
    const finished = [...services.runner.finishedCounts()];
    const gauges: Gauge[] = [
      {
        name: 'pipewise_jobs',
        help: 'Jobs in the shared queue by queue and state.',
        type: 'gauge',
        samples: (stats?.queues ?? []).map((q) => ({ labels: { queue: q.name, state: q.state }, value: q.count })),
      },
      {
        name: 'pipewise_jobs_waiting',
        help: 'Jobs ready to run and not yet taken.',
        type: 'gauge',
        samples: [{ labels: {}, value: stats?.waiting ?? 0 }],
      },
      {
        name: 'pipewise_jobs_oldest_waiting_seconds',
        help: 'Age of the oldest job ready to run.',
        type: 'gauge',
        samples: [{ labels: {}, value: stats?.oldestWaitingSeconds ?? 0 }],
      },
      {
        name: 'pipewise_jobs_finished_total',
        help: 'Jobs this process finished, by queue and outcome.',
        type: 'counter',
        samples: finished.flatMap(([queue, n]) => [
          { labels: { queue, outcome: 'done' }, value: n.done },
          { labels: { queue, outcome: 'failed' }, value: n.failed },
        ]),
      },
      {
        name: 'pipewise_jobs_seconds_total',
        help: 'Seconds this process spent running jobs, by queue.',
        type: 'counter',
        samples: finished.map(([queue, n]) => ({ labels: { queue }, value: n.seconds })),
      },
    ];
    c.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body([...httpMetrics.lines(), ...renderGauges(gauges)].join('\n') + '\n');
  });

  // Who is asking: an API key (scripts) or the session cookie (the web app). Everything under /api/v1 needs one.
  const authenticate = createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const actor = header?.startsWith('Bearer ')
      ? await services.auth.actorFromApiKey(header.slice(7).trim())
      : getCookie(c, SESSION_COOKIE)
        ? await services.auth.actorFromSession(getCookie(c, SESSION_COOKIE)!)
        : null;
    if (!actor)
      throw new AppError(
        'unauthorized',
        header ? 'This API key is not valid, was revoked, or its creator was disabled' : 'Sign in or send an API key',
      );
    await services.auth.limitRequest(`${actor.kind}:${actor.id}`);
    c.set('actor', actor);
    await next();
  });
  api.use(
    '/api/*',
    originCheck({ publicUrl: config.PIPEWISE_PUBLIC_URL, allowedOrigins: config.PIPEWISE_ALLOWED_ORIGINS }),
  );
  api.use('/api/v1/*', authenticate);
  api.use('/api/auth/me', authenticate);
  // The least role of every route, from the one table, checked before the route (and its validation) runs.
  for (const [route, least] of Object.entries(routeRoles)) {
    if (least === 'public') continue;
    const { method, path: routePath } = routerPathOf(route);
    api.on(method, routePath, async (c, next) => {
      const actor = c.get('actor');
      if (!actor) throw new AppError('unauthorized', 'Sign in or send an API key');
      if (!atLeast(actor.role, least))
        throw new AppError('forbidden', `This needs the ${least} role or higher; you are ${actor.role}`, {
          role: least,
        });
      await next();
    });
  }

  registerAuthRoutes(api, services.auth, { secureCookies: config.SECURE_COOKIES, ttlHours: config.SESSION_TTL_HOURS });
  registerAccountRoutes(api, services.auth);
  registerWorkspaceRoutes(api, services.workspaces);
  registerContactRoutes(api, services);
  registerCompanyRoutes(api, services);
  registerDealRoutes(api, services.deals);
  registerCustomFieldRoutes(api, services.customFields);
  registerActivityRoutes(api, services.activities);
  registerProductRoutes(api, services.products);
  registerOrderRoutes(api, services.orders);
  registerAuditRoutes(api, services.audit);
  registerJobRoutes(api, services.jobs);
  registerReportRoutes(api, services.reports);
  registerTransferRoutes(api, services.transfer);
  registerDemoRoutes(api, services.jobs);
  registerImportRoutes(api, { ...services, recordExport: services.audit.recordExport });
  registerSegmentRoutes(api, {
    segments: services.segments,
    rules: services.ruleSegments,
    queries: services.segmentQueries,
    jobs: services.jobs,
    now: () => services.clock.now(),
    recordExport: services.audit.recordExport,
  });
  registerRecommendationRoutes(api, services.recommendations);
  registerWorklistRoutes(api, services.worklist, services.allocation);
  registerDataQualityRoutes(api, services);
  registerScoringRoutes(api, services.scoring, services.jobs);
  registerMonitoringRoutes(api, services.monitoring, services.jobs);
  registerKpiRoutes(api, services.kpis);
  registerForecastingRoutes(api, services);
  registerMailRoutes(api, services.mail, services.mailInbound);
  registerPublicMailRoutes(api, services.mail);
  registerPrivacyRoutes(api, services.privacy);
  registerChatbotRoutes(api, services.chatbot);
  registerWebsiteRoutes(api, services.website);
  registerSequenceRoutes(api, services.sequences);

  assertEveryRouteHasRole(api.openAPIRegistry.definitions);
  const openapi = () =>
    api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'Pipewise', version, description: 'Self-hosted AI sales copilot. See docs/api.md.' },
    });
  api.get('/api/openapi.json', (c) => c.json(openapi()));
  api.get('/api/docs', (c) => c.html(renderApiDocs(openapi() as any)));
  api.all('/api/*', () => {
    throw new AppError('not_found', 'No such API route');
  });
  api.all('/w/*', () => {
    throw new AppError('not_found', 'No such widget route');
  });
  app.route('/', api);

  // The web app: built files, and index.html for every other path so client-side routes survive a reload.
  const webDist = path.join(repoRoot, 'packages/web/dist');
  if (existsSync(path.join(webDist, 'index.html'))) {
    app.use('/assets/*', serveStatic({ root: path.relative(process.cwd(), webDist) || '.' }));
    app.use('*', serveStatic({ root: path.relative(process.cwd(), webDist) || '.' }));
    // Read per request (it is small): a rebuild while the server runs must not leave it pointing at old assets.
    app.get('*', (c) => c.html(readFileSync(path.join(webDist, 'index.html'), 'utf8')));
  } else {
    app.get('/', (c) => c.text('Pipewise API is running. The web app is not built: run `npm run build`.'));
  }
  return app;
}

/** A route without a declared role (or a declared role without a route) stops the server at boot. */
function assertEveryRouteHasRole(definitions: readonly { type: string; route?: { method: string; path: string } }[]) {
  const registered = definitions.flatMap((d) =>
    d.type === 'route' && d.route ? [`${d.route.method.toUpperCase()} ${d.route.path}`] : [],
  );
  const undeclared = registered.filter((r) => !(r in routeRoles));
  const stale = Object.keys(routeRoles).filter((r) => !registered.includes(r));
  if (undeclared.length > 0 || stale.length > 0) {
    throw new Error(
      `modules/auth/route-roles.ts is out of date. Routes without a role: ${undeclared.join(', ') || 'none'}; roles without a route: ${stale.join(', ') || 'none'}`,
    );
  }
}

/** Opens the database, applies migrations and builds the app. The caller decides whether jobs run here. */
export async function createApp({
  config,
  database,
  clock = systemClock,
  logger = createLogger(config.LOG_LEVEL ?? 'info'),
}: AppDeps) {
  const db =
    database ??
    (await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.dataDir,
      poolSize: config.PIPEWISE_DB_POOL,
    }));
  await db.migrate();
  const services = createServices(db, config, clock, logger);
  const app = createHttpApp(services, config, logger);
  return { app, services, database: db, logger };
}
