import type { ListMyTickets } from '../app/list-my-tickets.use-case.js';
import type { OpenTicket } from '../app/open-ticket.use-case.js';
import type { RememberConversation } from '../app/remember-conversation.use-case.js';
import type { ViewTicket } from '../app/view-ticket.use-case.js';
import type { Category } from '../domain/category.js';
import type { StaffDirectory } from '../domain/ports/staff-directory.js';

/** What the bot layer may call: use cases and read-only configuration, nothing else. */
export interface BotServices {
  readonly openTicket: OpenTicket;
  readonly listMyTickets: ListMyTickets;
  readonly viewTicket: ViewTicket;
  readonly rememberConversation: RememberConversation;
  readonly staff: StaffDirectory;
  readonly categories: readonly Category[];
  readonly newDraftId: () => string;
}
