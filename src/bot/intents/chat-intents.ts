import { atRisk } from './at-risk.intent.js';
import { callSummary } from './call-summary.intent.js';
import type { ChatIntent } from './chat-intent.js';
import { failures } from './failures.intent.js';
import { globalQueue } from './global-queue.intent.js';
import { groupQueue } from './group-queue.intent.js';
import { help } from './help.intent.js';
import { kbGaps } from './kb-gaps.intent.js';
import { statistics } from './statistics.intent.js';
import { kbSearch } from './kb-search.intent.js';
import { language } from './language.intent.js';
import { linkGroup } from './link-group.intent.js';
import { myRequests } from './my-requests.intent.js';
import { myTickets } from './my-tickets.intent.js';
import { newTicket } from './new-ticket.intent.js';
import { openTicketNumber } from './open-ticket-number.intent.js';
import { reportProblem } from './report-problem.intent.js';
import { toProcess } from './to-process.intent.js';
import { unknownCommand } from './unknown-command.intent.js';
import { waitingTicketReply } from './waiting-ticket-reply.intent.js';

/**
 * Every chat intent, in the order they are tried: the first whose `select` takes the
 * message handles it. Commands first; then a reply to a ticket that waits for its requester
 * (which answers as the routes after it when none waits); then the two catch-alls, a word
 * or two that is no command, and last anything else, which is a problem to report.
 */
export const CHAT_INTENTS: readonly ChatIntent<unknown>[] = [
  help,
  language,
  myTickets,
  myRequests,
  toProcess,
  groupQueue,
  atRisk,
  globalQueue,
  failures,
  newTicket,
  linkGroup,
  openTicketNumber,
  kbGaps,
  kbSearch,
  statistics,
  // before the replies to waiting tickets: a technician's call summary is never about their own requests
  callSummary,
  waitingTicketReply,
  unknownCommand,
  reportProblem,
];
