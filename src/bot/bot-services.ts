import type { AssignTicket } from '../app/assign-ticket.use-case.js';
import type { ChangeTicket } from '../app/change-ticket.use-case.js';
import type { ChooseLanguage } from '../app/choose-language.use-case.js';
import type { EscalateTicket } from '../app/escalate-ticket.use-case.js';
import type { FindWaitingTickets } from '../app/find-waiting-tickets.use-case.js';
import type { ListFailedNotifications } from '../app/list-failed-notifications.use-case.js';
import type { LinkGroupChannel } from '../app/link-group-channel.use-case.js';
import type { ListQueue } from '../app/list-queue.use-case.js';
import type { OpenCallTicket } from '../app/open-call-ticket.use-case.js';
import type { OpenTicket } from '../app/open-ticket.use-case.js';
import type { PrepareCallDraft } from '../app/prepare-call-draft.use-case.js';
import type { PrepareTicketForm } from '../app/prepare-ticket-form.use-case.js';
import type { RecordCardCopy } from '../app/record-card-copy.use-case.js';
import type { RecordDeflection } from '../app/record-deflection.use-case.js';
import type { RememberConversation } from '../app/remember-conversation.use-case.js';
import type { SearchArticles } from '../app/search-articles.use-case.js';
import type { ViewArticle } from '../app/view-article.use-case.js';
import type { FindKbGaps } from '../app/find-kb-gaps.use-case.js';
import type { ComputeStatistics } from '../app/compute-statistics.use-case.js';
import type { SaveArticle } from '../app/save-article.use-case.js';
import type { CountArticleHelped } from '../app/count-article-helped.use-case.js';
import type { ExportLinkMaker } from '../domain/ports/ticket-export.js';
import type { SearchTechnicians } from '../app/search-technicians.use-case.js';
import type { ViewTicket } from '../app/view-ticket.use-case.js';
import type { Category } from '../domain/category.js';
import type { Directory } from '../domain/ports/directory.js';
import type { GroupRepository } from '../domain/ports/group.repository.js';
import type { HelpdeskSettings } from '../domain/ports/helpdesk-settings.js';
import type { LogFields, Logger } from '../domain/ports/logger.js';
import type { StaffDirectory } from '../domain/ports/staff-directory.js';

/** What the bot layer may call: use cases and read-only configuration, nothing else. */
export interface BotServices {
  readonly prepareTicketForm: PrepareTicketForm;
  readonly openTicket: OpenTicket;
  /** a call summary → the call-ticket draft; its submit → the ticket for the caller */
  readonly prepareCallDraft: PrepareCallDraft;
  readonly openCallTicket: OpenCallTicket;
  readonly changeTicket: ChangeTicket;
  readonly assignTicket: AssignTicket;
  readonly escalateTicket: EscalateTicket;
  readonly listQueue: ListQueue;
  readonly findWaitingTickets: FindWaitingTickets;
  readonly viewTicket: ViewTicket;
  readonly recordCardCopy: RecordCardCopy;
  readonly rememberConversation: RememberConversation;
  readonly linkGroupChannel: LinkGroupChannel;
  readonly searchTechnicians: SearchTechnicians;
  readonly chooseLanguage: ChooseLanguage;
  readonly listFailedNotifications: ListFailedNotifications;
  /** « Rechercher une solution », « base <mots> », and the articles offered above a requester's form */
  readonly searchArticles: SearchArticles;
  /** an article in full (« Voir l'article »): one more view */
  readonly viewArticle: ViewArticle;
  /** « lacunes »: categories solved this month with no article */
  readonly findKbGaps: FindKbGaps;
  /** « stats »: a lead's groups over 7, 30 or 90 days */
  readonly computeStatistics: ComputeStatistics;
  /** an article drafted from a ticket, edited, published */
  readonly saveArticle: SaveArticle;
  /** a solution copied from an article was proposed */
  readonly countArticleHelped: CountArticleHelped;
  /** « Exporter en CSV » on the statistics: a signed link, valid 15 minutes */
  readonly exportLinks: ExportLinkMaker;
  /** « Ça a résolu mon problème »: a deflection, counted once per draft */
  readonly recordDeflection: RecordDeflection;
  readonly groups: GroupRepository;
  readonly staff: StaffDirectory;
  /** the people directory (Microsoft Graph, or the file in local mode): the call draft's picker */
  readonly directory: Directory;
  readonly categories: readonly Category[];
  /** the helpdesk's service levels, for the « À risque » standing the ticket card shows (defaults without) */
  readonly settings?: Pick<HelpdeskSettings, 'serviceLevels'>;
  /** language of cards posted in channels, shared by everyone there */
  readonly channelLocale: string;
  /** Teams searches the directory as the technician types; the Agents Playground (local mode) cannot */
  readonly peopleTypeahead: boolean;
  readonly newDraftId: () => string;
  readonly newId: () => string;
  /** where a failed turn is reported (silent without) */
  readonly logger?: Logger;
  /** adds what routing learnt (the chat intent) to the rest of the turn's log lines */
  readonly annotateTurn?: (fields: LogFields) => void;
}
