import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { MongoClient, type Db } from 'mongodb';
import restify from 'restify';
import { ListMyTickets } from './app/list-my-tickets.use-case.js';
import { OpenTicket } from './app/open-ticket.use-case.js';
import { RememberConversation } from './app/remember-conversation.use-case.js';
import { ViewTicket } from './app/view-ticket.use-case.js';
import type { BotServices } from './bot/bot-services.js';
import { GuichetBot } from './bot/guichet.bot.js';
import { identityOf } from './bot/turn-identity.js';
import type { Config } from './config.js';
import type { Category } from './domain/category.js';
import type { EventPublisher } from './domain/ports/event-publisher.js';
import type { StaffDirectory } from './domain/ports/staff-directory.js';
import { loadCategoryTree } from './infra/config/category-tree.loader.js';
import { LogEventPublisher } from './infra/log-event.publisher.js';
import { MongoConversationRepository } from './infra/mongo/mongo-conversation.repository.js';
import { ensureIndexes } from './infra/mongo/mongo-indexes.js';
import { MongoTicketRepository } from './infra/mongo/mongo-ticket.repository.js';
import { StaticStaffDirectory } from './infra/static-staff.directory.js';
import { messageCard } from './views/message.view.js';
import { asAttachment } from './views/render-card.js';

export interface AppOverrides {
  /** an already-connected database (tests); otherwise config.mongoUri is used */
  readonly db?: Db;
  readonly staff?: StaffDirectory;
  readonly events?: EventPublisher;
  readonly categories?: readonly Category[];
}

export interface App {
  readonly db: Db;
  readonly bot: GuichetBot;
  /** listens on config.host:config.port (0 = any free port) */
  start(): Promise<{ port: number; url: string }>;
  stop(): Promise<void>;
}

/** The one composition root: everything is wired here, so tests can run the real server with their own config. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  let client: MongoClient | undefined;
  let db = overrides.db;
  if (!db) {
    if (!config.mongoUri) throw new Error('MONGODB_URI is not set and no database was given');
    client = new MongoClient(config.mongoUri, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    db = client.db(config.mongoDb);
  }
  await ensureIndexes(db);

  const categories = overrides.categories ?? (await loadCategoryTree(config.categoriesFile));
  const tickets = new MongoTicketRepository(db);
  const services: BotServices = {
    openTicket: new OpenTicket({
      tickets,
      events: overrides.events ?? new LogEventPublisher(),
      newId: randomUUID,
      categories,
    }),
    listMyTickets: new ListMyTickets(tickets),
    viewTicket: new ViewTicket(tickets),
    rememberConversation: new RememberConversation(new MongoConversationRepository(db)),
    staff: overrides.staff ?? new StaticStaffDirectory(),
    categories,
    newDraftId: randomUUID,
  };
  const bot = new GuichetBot(services);

  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(config.botEnv as Record<string, string>));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    console.error('[guichet] turn failed:', error);
    if (context.activity.type === 'message') {
      const card = messageCard(identityOf(context).language, 'error.internal', 'error');
      await context.sendActivity({ attachments: [asAttachment(card)] }).catch(() => undefined);
    }
  };

  const server = restify.createServer({ name: 'guichet', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  const database = db;
  server.get('/healthz', async (_req, res) => {
    try {
      await database.command({ ping: 1 });
      res.send(200, { status: 'ok', database: 'up' });
    } catch (error) {
      res.send(503, { status: 'degraded', database: 'down', error: (error as Error).message });
    }
  });

  return {
    db,
    bot,
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          resolve({ port, url: `http://${config.host}:${port}` });
        });
      }),
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await client?.close();
    },
  };
}
