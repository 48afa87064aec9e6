import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { TurnContext } from 'botbuilder';
import { MongoClient, type Db } from 'mongodb';
import restify from 'restify';
import { ApplyDueChanges } from './app/apply-due-changes.use-case.js';
import { AssignTicket } from './app/assign-ticket.use-case.js';
import { ChangeTicket } from './app/change-ticket.use-case.js';
import { ChooseLanguage } from './app/choose-language.use-case.js';
import { EldLanguageDetector } from './infra/language/eld-language.detector.js';
import { EscalateTicket } from './app/escalate-ticket.use-case.js';
import { FindWaitingTickets } from './app/find-waiting-tickets.use-case.js';
import { LinkGroupChannel } from './app/link-group-channel.use-case.js';
import { ListFailedNotifications } from './app/list-failed-notifications.use-case.js';
import { ListQueue } from './app/list-queue.use-case.js';
import { PrepareTicketForm } from './app/prepare-ticket-form.use-case.js';
import { OpenCallTicket } from './app/open-call-ticket.use-case.js';
import { OpenTicket } from './app/open-ticket.use-case.js';
import { PrepareCallDraft } from './app/prepare-call-draft.use-case.js';
import { RecordCardCopy } from './app/record-card-copy.use-case.js';
import { RecordDeflection } from './app/record-deflection.use-case.js';
import { RememberConversation } from './app/remember-conversation.use-case.js';
import { SearchArticles } from './app/search-articles.use-case.js';
import { ViewArticle } from './app/view-article.use-case.js';
import { ExportTickets } from './app/export-tickets.use-case.js';
import { ComputeStatistics } from './app/compute-statistics.use-case.js';
import { SaveArticle } from './app/save-article.use-case.js';
import { CountArticleHelped } from './app/count-article-helped.use-case.js';
import { resolveActor } from './app/resolve-actor.js';
import { ExportLinks } from './infra/http/export-link.js';
import { MongoTicketExport } from './infra/mongo/mongo-ticket-export.js';
import { MongoTicketStatistics } from './infra/mongo/mongo-ticket-statistics.js';
import { ticketExportCsv } from './views/ticket-export.csv.js';
import { errorText } from './views/error.view.js';
import { languageOf, t as translate } from './views/i18n.js';
import { FindKbGaps } from './app/find-kb-gaps.use-case.js';
import { SearchTechnicians } from './app/search-technicians.use-case.js';
import { ViewTicket } from './app/view-ticket.use-case.js';
import type { BotServices } from './bot/bot-services.js';
import { GuichetBot, needsInboundDedupe, TURN_FAILED } from './bot/guichet.bot.js';
import { identityOf } from './bot/turn-identity.js';
import { UserLimitsGate } from './bot/user-limits.gate.js';
import type { Config } from './config.js';
import type { Category } from './domain/category.js';
import type { Directory } from './domain/ports/directory.js';
import type { EventPublisher } from './domain/ports/event-publisher.js';
import type { KnowledgeBase } from './domain/ports/knowledge-base.js';
import type { Logger } from './domain/ports/logger.js';
import type { MessageOutbox } from './domain/ports/outbox-store.js';
import type { StaffDirectory } from './domain/ports/staff-directory.js';
import { backfillAutoCloseDue } from './infra/clock/auto-close-backfill.js';
import { backfillServiceLevels } from './infra/clock/sla-backfill.js';
import { backfillQueueFields } from './infra/clock/queue-backfill.js';
import { backfillStatsFacts } from './infra/clock/stats-backfill.js';
import { MongoDueTicketFinder } from './infra/clock/mongo-due-ticket.finder.js';
import { TicketClock } from './infra/clock/ticket-clock.js';
import { createDirectory } from './infra/directory/create-directory.js';
import { ConversationKnownPeople } from './infra/mongo/conversation-known-people.js';
import { withManagerAsEscalationContact } from './infra/directory/manager-escalation-groups.js';
import { createBotEndpoint } from './infra/http/create-bot-endpoint.js';
import { RefusalLog } from './infra/http/refusal-log.js';
import { readiness } from './infra/http/readiness.js';
import { applyRequestDeadlines } from './infra/http/request-deadlines.js';
import { lineTo } from './infra/log/line-logger.js';
import { createPinoLogger } from './infra/log/pino-logger.js';
import { annotateTurn, trackTurns, turnFields } from './infra/log/turn-log-context.js';
import { CountingEventPublisher } from './infra/metrics/counting-event.publisher.js';
import { MetricsServer } from './infra/metrics/metrics-server.js';
import { MongoOutboxLagQuery } from './infra/metrics/mongo-outbox-lag.query.js';
import { PromMetrics } from './infra/metrics/prom-metrics.js';
import { loadCategoryTree } from './infra/config/category-tree.loader.js';
import { loadHelpdeskConfig } from './infra/config/helpdesk-config.loader.js';
import { LogEventPublisher } from './infra/log-event.publisher.js';
import { MongoAlertDigests } from './infra/mongo/mongo-alert-digests.js';
import { MongoConversationRepository } from './infra/mongo/mongo-conversation.repository.js';
import { MongoMessageOutbox } from './infra/mongo/mongo-message-outbox.js';
import { MongoTicketOutboxStore } from './infra/mongo/mongo-ticket-outbox.store.js';
import { OutboxFailuresQuery } from './infra/notify/outbox-failures.query.js';
import { MongoGroupRepository } from './infra/mongo/mongo-group.repository.js';
import { MongoInboundDedupe } from './infra/mongo/mongo-inbound-dedupe.js';
import { MongoKnowledgeBase } from './infra/mongo/mongo-knowledge-base.js';
import { MongoKbGaps } from './infra/mongo/mongo-kb-gaps.js';
import { ensureIndexes } from './infra/mongo/mongo-indexes.js';
import { GroupCommitTicketRepository } from './infra/mongo/group-commit-ticket.repository.js';
import { MongoTicketRepository } from './infra/mongo/mongo-ticket.repository.js';
import { PerUserRateLimiter } from './infra/limits/per-user-rate.limiter.js';
import { BotConnectorMessenger } from './infra/notify/bot-connector.messenger.js';
import type { Messenger } from './infra/notify/messenger.js';
import { OutboxDispatcher, type DispatcherOptions } from './infra/notify/outbox-dispatcher.js';
import { messageCard } from './views/message.view.js';
import { renderCardCopy, renderNotification } from './views/notification.view.js';
import { renderAlertDigest } from './views/notifications/alert-digest.view.js';
import { asAttachment } from './views/render-card.js';

export interface AppOverrides {
  /** an already-connected database (tests); otherwise config.mongoUri is used */
  readonly db?: Db;
  readonly staff?: StaffDirectory;
  /** the people directory (tests); otherwise Microsoft Graph with an app id, the directory file without */
  readonly directory?: Directory;
  readonly events?: EventPublisher;
  readonly categories?: readonly Category[];
  /** replaces the Bot Connector (benchmarks against a fake connector) */
  readonly messenger?: Messenger;
  readonly dispatcher?: Partial<DispatcherOptions>;
  /** where refused requests are logged (tests: a clock and a line collector) */
  readonly refusals?: RefusalLog;
  /** the per-user limits' clock (tests move it rather than wait a minute) */
  readonly limitsClock?: () => number;
  /** the time the ticket clock acts at (tests move it rather than wait a day) */
  readonly clockNow?: () => Date;
  /** where everything is logged (tests capture it); otherwise JSON lines on stdout at config.logLevel */
  readonly logger?: Logger;
  /** every line of a turn carries its fields, and metrics tell changed from unchanged clicks (see trackTurns) */
  readonly trackTurns?: boolean;
  /** the knowledge base (tests: a slow or failing store); otherwise MongoDB's */
  readonly knowledgeBase?: KnowledgeBase;
}

export interface App {
  readonly db: Db;
  readonly bot: GuichetBot;
  readonly dispatcher: OutboxDispatcher;
  /** queues messages no ticket change carries (group digests, scheduled posts) */
  readonly messages: MessageOutbox;
  /** time-driven changes (auto-close); `tick()` runs one at once */
  readonly clock: TicketClock;
  readonly logger: Logger;
  /** the Prometheus metrics, served on config.metrics when set */
  readonly metrics: PromMetrics;
  /** re-reads the admin file (groups, staff, channels) into MongoDB */
  reloadHelpdesk(): Promise<void>;
  /** listens on config.host:config.port (0 = any free port); `metricsUrl` when config.metrics is set */
  start(): Promise<{ port: number; url: string; metricsUrl?: string }>;
  stop(): Promise<void>;
}

/** The one composition root: everything is wired here, so tests can run the real server with their own config. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createPinoLogger({ level: config.logLevel });
  trackTurns(config.logLevel === 'debug' || config.logLevel === 'trace' || config.metrics !== undefined || overrides.trackTurns === true);
  let client: MongoClient | undefined;
  let db = overrides.db;
  if (!db) {
    if (!config.mongoUri) throw new Error('MONGODB_URI is not set and no database was given');
    client = new MongoClient(config.mongoUri, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    db = client.db(config.mongoDb);
  }
  await ensureIndexes(db);
  const dedupe = new MongoInboundDedupe(db);
  await dedupe.ensureIndexes();

  const categories = overrides.categories ?? (await loadCategoryTree(config.categoriesFile));
  const groups = new MongoGroupRepository(db, undefined, undefined, logger);
  const reloadHelpdesk = async () => {
    const helpdesk = await loadHelpdeskConfig(config.helpdeskFile);
    if (helpdesk) await groups.saveConfiguration(helpdesk.tenantId, helpdesk.configuration);
  };
  await reloadHelpdesk();

  const refusals = overrides.refusals ?? new RefusalLog({ logger });
  const adapter = createBotEndpoint(config, refusals, logger);
  // notifications queued by a ticket write wake the dispatcher (defined below) at once
  const ticketStore = new MongoTicketRepository(
    db,
    (collection, id, issues) => logger.error({ collection, id: String(id), issues }, `malformed document in ${collection} (_id=${String(id)})`),
    () => dispatcher.kick(),
  );
  // new tickets of one event-loop turn share one counter write and one insert
  const tickets = new GroupCommitTicketRepository(ticketStore);
  const conversations = new MongoConversationRepository(db, logger);
  // messages born outside a ticket change (group digests, scheduled posts) wait in their own collection
  const messages = new MongoMessageOutbox(db, () => dispatcher.kick());
  await messages.ensureIndexes();
  // SLA alerts gathered per recipient and window: one card each, posted once and updated in place
  const alertDigests = new MongoAlertDigests(db, {
    windowMs: (tenantId) => groups.digestWindowMs(tenantId),
    onChanged: () => dispatcher.kick(),
    log: lineTo(logger, 'error'),
  });
  await alertDigests.ensureIndexes();
  const outboxStores = [new MongoTicketOutboxStore(db, lineTo(logger, 'error')), messages, alertDigests];
  const dispatcher = new OutboxDispatcher(
    {
      stores: outboxStores,
      messenger: overrides.messenger ?? new BotConnectorMessenger(adapter, config.appId, config.serviceHosts),
      conversations,
      groups,
      render: {
        notification: async (notification, { tenantId, ticket }, reader) =>
          renderNotification(notification, ticket, reader, categories, await groups.list(tenantId), await groups.serviceLevels(tenantId)),
        copy: async (ticket, audience, reader) =>
          renderCardCopy(ticket, audience, reader, categories, await groups.list(ticket.tenantId), await groups.serviceLevels(ticket.tenantId)),
        digest: async (digest, reader, now) => renderAlertDigest(digest, { reader, groups: await groups.list(digest.tenantId), now }),
      },
      board: alertDigests,
      log: lineTo(logger, 'warn'),
      observe: (outcome, statusCode) => metrics.delivery(outcome, statusCode),
    },
    {
      defaultLocale: config.defaultLocale,
      defaultServiceUrl: config.serviceUrl,
      maxAgeMs: config.notifyGiveUpMinutes * 60_000,
      tenantRequestsPerSecond: config.tenantRequestsPerSecond,
      ...overrides.dispatcher,
    },
  );
  // the ticket clock (below) is read at each scrape; the verbs are the bot's (below)
  const verbs = new Set<string>();
  const outboxLag = new MongoOutboxLagQuery(db);
  const now = () => overrides.clockNow?.() ?? new Date();
  const metrics = new PromMetrics(verbs, { outboxLagMs: () => outboxLag.lagMs(now()), clockLagMs: () => clock.lagMs() });
  const events: EventPublisher = new CountingEventPublisher(overrides.events ?? new LogEventPublisher(logger), metrics);
  const directory = overrides.directory ?? (await createDirectory(config, lineTo(logger, 'warn'), new ConversationKnownPeople(db)));
  // the SLA's hierarchical alert: the lead's manager when the admin file names no escalation contact
  const changeTicket = new ChangeTicket({ tickets, groups: withManagerAsEscalationContact(groups, directory, lineTo(logger, 'warn')), events, settings: groups });
  // tickets solved before the clock existed get their closing time before its first tick
  await backfillAutoCloseDue(db, groups, { log: lineTo(logger, 'info') });
  await backfillServiceLevels(db, groups, { log: lineTo(logger, 'info') });
  await backfillQueueFields(db, { log: lineTo(logger, 'info') });
  const clock = new TicketClock(
    {
      due: new ApplyDueChanges({ due: new MongoDueTicketFinder(db), tickets: changeTicket, log: lineTo(logger, 'error') }),
      now: overrides.clockNow,
      log: lineTo(logger, 'error'),
    },
    { intervalMs: config.clockIntervalMs },
  );
  const openTicket = new OpenTicket({ tickets, groups, events, newId: randomUUID, categories, settings: groups });
  const knowledgeBase = overrides.knowledgeBase ?? new MongoKnowledgeBase(db, logger);
  // the server's own address once it listens, unless a public one is configured (behind a proxy)
  const exportLinks = new ExportLinks(() => config.publicUrl ?? `http://127.0.0.1:${(server.address() as { port: number }).port}`, config.exportSecret, now);
  const services: BotServices = {
    prepareTicketForm: new PrepareTicketForm(categories, randomUUID),
    openTicket,
    prepareCallDraft: new PrepareCallDraft({ directory, categories, newDraftId: randomUUID }),
    openCallTicket: new OpenCallTicket({ directory, openTicket, changeTicket, tickets, newId: randomUUID }),
    changeTicket,
    assignTicket: new AssignTicket(groups, changeTicket),
    escalateTicket: new EscalateTicket(groups, changeTicket),
    listQueue: new ListQueue({ tickets, groups, now: overrides.clockNow }),
    findWaitingTickets: new FindWaitingTickets(tickets),
    viewTicket: new ViewTicket(tickets),
    recordCardCopy: new RecordCardCopy(ticketStore),
    rememberConversation: new RememberConversation(conversations),
    linkGroupChannel: new LinkGroupChannel(groups),
    searchTechnicians: new SearchTechnicians(groups),
    chooseLanguage: new ChooseLanguage(conversations, new EldLanguageDetector()),
    listFailedNotifications: new ListFailedNotifications(new OutboxFailuresQuery(outboxStores)),
    searchArticles: new SearchArticles(knowledgeBase),
    recordDeflection: new RecordDeflection(knowledgeBase, now),
    viewArticle: new ViewArticle(knowledgeBase),
    exportLinks,
    saveArticle: new SaveArticle({ articles: knowledgeBase, tickets, categories, newId: randomUUID, now }),
    countArticleHelped: new CountArticleHelped(knowledgeBase),
    computeStatistics: new ComputeStatistics({ source: new MongoTicketStatistics(db), knowledgeBase, settings: groups, now }),
    findKbGaps: new FindKbGaps({ gaps: new MongoKbGaps(db), settings: groups, now }),
    groups,
    staff: overrides.staff ?? groups.asStaffDirectory(),
    directory,
    categories,
    settings: groups,
    channelLocale: config.defaultLocale,
    peopleTypeahead: !config.localMode,
    newDraftId: randomUUID,
    newId: randomUUID,
    logger,
    annotateTurn,
  };
  const bot = new GuichetBot(services);
  for (const verb of bot.verbs) verbs.add(verb);
  const userLimits = new UserLimitsGate({
    creations: new PerUserRateLimiter(config.userCreationsPerMinute, overrides.limitsClock),
    actions: new PerUserRateLimiter(config.userActionsPerMinute, overrides.limitsClock),
  });

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ err: error }, 'turn failed');
    if (context.activity.type === 'message') {
      const card = messageCard(identityOf(context).language, 'error.internal', 'error');
      await context.sendActivity({ attachments: [asAttachment(card)] }).catch(() => undefined);
    }
  };

  // an export link's token is ~250 characters, past the router's default of 100 for a path parameter
  const server = restify.createServer({ name: 'guichet', handleUncaughtExceptions: false, maxParamLength: 2_000 });
  applyRequestDeadlines(server.server, config.requestTimeoutMs);
  // the token is checked, then the body read (size- and time-limited) by adapter.handle, not by a global parser
  server.post('/api/messages', async (req, res) => {
    await adapter.handle(req, res, async (context) => {
      // one person's burst stops here, before any database work
      if (!(await userLimits.admit(context))) return;
      const { conversation, type } = context.activity;
      const id = needsInboundDedupe(context.activity) ? context.activity.id : undefined;
      if (id && conversation?.id && !(await dedupe.claim(conversation.id, id))) {
        // a redelivery: answer, but do nothing twice
        if (type === 'invoke') {
          const card = messageCard(identityOf(context).language, 'notice.duplicate');
          await context.sendActivity({
            type: 'invokeResponse',
            value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
          });
        }
        return;
      }
      const verb = type === 'invoke' && context.activity.name === 'adaptiveCard/action' ? turnFields()?.verb : undefined;
      try {
        await bot.run(context);
      } catch (error) {
        if (id && conversation?.id) await dedupe.release(conversation.id, id);
        if (typeof verb === 'string') metrics.cardAction(verb, 'failed');
        throw error;
      }
      const failed = Boolean(context.turnState.get(TURN_FAILED));
      if (failed && id && conversation?.id) await dedupe.release(conversation.id, id);
      // a click that published ticket events changed a ticket (CountingEventPublisher marks the turn)
      if (typeof verb === 'string') metrics.cardAction(verb, failed ? 'failed' : turnFields()?.events ? 'changed' : 'unchanged');
    });
  });
  const exportTickets = new ExportTickets(new MongoTicketExport(db), now);
  // « Exporter en CSV »: a browser opens it without a Teams token, so the signed link says who asked
  server.get('/api/exports/:token', async (req, res) => {
    const claims = exportLinks.read(String(req.params.token ?? ''));
    res.header('Cache-Control', 'no-store');
    if (claims === null || claims === 'expired') {
      const language = languageOf(String(req.headers['accept-language'] ?? ''));
      res.header('Content-Type', 'text/plain; charset=utf-8');
      res.send(claims === 'expired' ? 410 : 404, translate(language, claims === 'expired' ? 'export.expired' : 'export.invalid'));
      return;
    }
    const exported = await resolveActor(services.staff, claims.tenantId, { id: claims.userId, name: claims.userName })
      .then((actor) => exportTickets.execute(claims.tenantId, actor, claims.days))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'ticket export failed');
        return null;
      });
    if (exported === null) {
      res.header('Content-Type', 'text/plain; charset=utf-8');
      res.send(500, translate(claims.language, 'error.internal'));
      return;
    }
    if (!exported.ok) {
      res.header('Content-Type', 'text/plain; charset=utf-8');
      res.send(403, errorText(claims.language, exported.error));
      return;
    }
    const csv = ticketExportCsv(claims.language, exported.value.rows, { categories, groups: await groups.list(claims.tenantId), truncated: exported.value.truncated });
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="guichet-tickets-${claims.days}${claims.language === 'fr' ? 'j' : 'd'}.csv"`);
    res.sendRaw(200, csv);
  });
  const database = db;
  // alive: the process answers (a restart would not bring the database back); the database is told, not required
  server.get('/healthz', async (_req, res) => {
    const up = await readiness({ ping: () => database.command({ ping: 1 }), outboxLagMs: async () => 0, clockLagMs: () => 0 }, Infinity);
    res.send(200, { status: 'ok', database: up.body.database, ...(up.ready ? { notifications: await dispatcher.stats().catch(() => undefined) } : {}) });
  });
  // ready: the database answers, and the notifications and the clock keep up
  server.get('/readyz', async (_req, res) => {
    const ready = await readiness(
      { ping: () => database.command({ ping: 1 }), outboxLagMs: () => outboxLag.lagMs(now()), clockLagMs: () => clock.lagMs() },
      config.readyMaxLagMs,
    );
    if (!ready.ready) logger.warn({ failing: ready.body.failing }, `not ready: ${ready.body.failing.join(', ')}`);
    res.send(ready.ready ? 200 : 503, ready.body);
  });
  const metricsServer = config.metrics ? new MetricsServer(metrics) : null;

  // the statistics facts' backfill, started once the server listens and awaited (cut short) when it stops
  const stopping = new AbortController();
  let statsBackfill: Promise<void> = Promise.resolve();
  return {
    db,
    bot,
    dispatcher,
    messages,
    clock,
    logger,
    metrics,
    reloadHelpdesk,
    start: async () => {
      const { port } = await new Promise<AddressInfo>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve(server.address() as AddressInfo));
      });
      const metricsUrl = config.metrics ? await metricsServer?.listen(config.metrics.port, config.metrics.host) : undefined;
      dispatcher.start();
      clock.start();
      // after the clocks' backfill (the facts count the clocks), in the background: it reads every ticket
      statsBackfill = backfillStatsFacts(db, { log: lineTo(logger, 'info'), signal: stopping.signal }).then(
        () => undefined,
        (error: unknown) => lineTo(logger, 'error')(`[guichet] stats: the start-up backfill failed (${error instanceof Error ? error.name : 'error'}); it runs again at the next start`),
      );
      return { port, url: `http://${config.host}:${port}`, ...(metricsUrl ? { metricsUrl } : {}) };
    },
    stop: async () => {
      stopping.abort();
      await statsBackfill;
      // the clock first: what it closes queues notifications for the dispatcher
      await clock.stop();
      await dispatcher.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // idle keep-alive connections (the Playground, the connector) would hold close() open
      server.server.closeIdleConnections?.();
      await closed;
      await metricsServer?.close();
      refusals.flush();
      await client?.close();
    },
  };
}
