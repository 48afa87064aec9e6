import choiceTemplate from '../../cards/waiting-ticket-choice.card.json' with { type: 'json' };
import { cutAt } from '../domain/text.js';
import { currentSolution, TICKET_LIMITS, type Ticket } from '../domain/ticket.js';
import { statusLabel, t, type Language } from './i18n.js';
import { plainText } from './plain-text.js';
import { renderCard } from './render-card.js';

/**
 * The typed text rides in the data of every button (a card keeps no state between clicks),
 * up to four times: each copy is kept small enough for all of them to fit a Teams message
 * (about 28 KB), whatever the characters (an emoji or an escaped control is several bytes).
 */
export const CHOICE_TEXT_BYTES_MAX = 5_000;

/** Whether a message can be asked about: no longer than a refusal's reason, and small enough to carry four times. */
export function fitsChoiceCard(text: string): boolean {
  return text.length <= TICKET_LIMITS.reasonMax && Buffer.byteLength(JSON.stringify(text)) <= CHOICE_TEXT_BYTES_MAX;
}

/** Enough of a solution or a reason to recognise the ticket; the ticket card has the rest. */
const EXCERPT = 200;
const excerpt = (text: string): string => (text.length > EXCERPT ? `${plainText(cutAt(text, EXCERPT).trimEnd())}…` : plainText(text));

function stateOf(ticket: Ticket, language: Language): string {
  const solution = currentSolution(ticket);
  if (ticket.status === 'solved' && solution) return t(language, 'chatReply.solved', { solution: excerpt(solution.text) });
  if (ticket.pendingReason) return t(language, 'chatReply.pending', { reason: excerpt(ticket.pendingReason) });
  return statusLabel(language, ticket.status);
}

/**
 * The answer to a message typed while tickets wait for their requester: per ticket, « Est-ce
 * à propos du ticket #n (titre) ? » with the one thing the message can do there (refuse a
 * solved ticket's solution with it as the reason, add it to a pending ticket), and « Non,
 * c’est un nouveau problème » for the usual form. Only solved and pending tickets are shown;
 * `text` is one that fitsChoiceCard.
 */
export function waitingTicketChoiceCard(tickets: readonly Ticket[], text: string, language: Language): Record<string, unknown> {
  const waiting = tickets.filter((ticket) => ticket.status === 'solved' || ticket.status === 'pending');
  return renderCard(choiceTemplate, {
    intro: t(language, 'chatReply.intro', { count: waiting.length }),
    hint: t(language, 'chatReply.hint'),
    labels: {
      stillBroken: t(language, 'chatReply.stillBroken'),
      addToTicket: t(language, 'chatReply.addToTicket'),
      newProblem: t(language, 'chatReply.newProblem'),
    },
    tickets: waiting.map((ticket) => {
      const ref = { number: ticket.number, version: ticket.version };
      return {
        question: t(language, 'chatReply.question', { number: ticket.number, title: plainText(ticket.title) }),
        state: stateOf(ticket, language),
        solved: ticket.status === 'solved',
        pending: ticket.status === 'pending',
        // the verbs' own fields: « Toujours pas résolu » is the card's refusal, « Ajouter » its comment
        refuseData: { ...ref, refuseReason: text },
        commentData: { ...ref, comment: text },
      };
    }),
    draftData: { text },
  });
}
