import { describe, expect, it } from 'vitest';
import { draftFromChatData } from '../../src/bot/chat-reply.schemas.js';
import { commentData, refuseData } from '../../src/bot/card-data.schemas.js';
import { TICKET_LIMITS } from '../../src/domain/ticket.js';
import { CHOICE_TEXT_BYTES_MAX, fitsChoiceCard, waitingTicketChoiceCard } from '../../src/views/waiting-ticket-choice.view.js';
import { problemsOf } from '../support/adaptive-card-problems.js';
import { actionsOf, shown, walk, type Card } from '../support/card-reading.js';
import { aSolution, aTicketIn } from '../support/ticket-mother.js';

function textsOf(card: unknown): string[] {
  const out: string[] = [];
  walk(card, (node) => {
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
  });
  return out;
}

/** every button title, in card order: each ticket's, then the card's own */
function buttonsOf(card: Card): string[] {
  const out: string[] = [];
  walk(card, (node) => {
    if (node.type === 'Action.Execute') out.push(node.title as string);
  });
  return out;
}

const TEXT = 'Ça ne marche toujours pas.';
const solved = aTicketIn('solved', { number: 12, version: 5, title: 'Imprimante en panne' });
const pending = aTicketIn('pending', { number: 13, version: 7, title: 'Poste bloqué' });
const pendingNoReason = aTicketIn('pending', { number: 14, pendingReason: null });

describe('the card answering a chat message while tickets wait', () => {
  const cases: [string, Card][] = (['fr', 'en'] as const).flatMap((language): [string, Card][] => [
    [`one solved ${language}`, waitingTicketChoiceCard([solved], TEXT, language)],
    [`one pending ${language}`, waitingTicketChoiceCard([pending], TEXT, language)],
    [`solved, pending, pending without a reason ${language}`, waitingTicketChoiceCard([solved, pending, pendingNoReason], TEXT, language)],
  ]);

  it.each(cases)('%s: a valid Adaptive Card 1.5 with nothing left unbound', (_name, card) => {
    expect(card.version).toBe('1.5');
    expect(problemsOf(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('the checker can fail', () => {
    expect(problemsOf({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Nope' }] })).not.toEqual([]);
  });

  it('asks about each ticket with the one thing the message can do there, in French and in English', () => {
    const fr = waitingTicketChoiceCard([solved, pending, pendingNoReason], TEXT, 'fr');
    expect(textsOf(fr)).toEqual([
      '3 de vos tickets attendent votre réponse.',
      'Est-ce à propos du ticket #12 (Imprimante en panne) ?',
      `Résolu — solution proposée : ${aSolution().text}`,
      'Est-ce à propos du ticket #13 (Poste bloqué) ?',
      'En attente : En attente du retour de l’éditeur',
      `Est-ce à propos du ticket #14 (${pendingNoReason.title}) ?`,
      'En attente',
      'Votre message sera joint au ticket choisi.',
    ]);
    expect(buttonsOf(fr)).toEqual(['Toujours pas résolu', 'Ajouter à ce ticket', 'Ajouter à ce ticket', 'Non, c’est un nouveau problème']);
    const en = waitingTicketChoiceCard([solved], TEXT, 'en');
    expect(textsOf(en)).toEqual([
      'One of your tickets is waiting for your answer.',
      'Is it about ticket #12 (Imprimante en panne)?',
      `Solved — proposed solution: ${aSolution().text}`,
      'Your message will go to the ticket you choose.',
    ]);
    expect(buttonsOf(en)).toEqual(['Still not solved', 'No, it’s a new problem']);
  });

  it('each button carries the typed text and the version shown, as its verb’s own schema reads it', () => {
    const card = waitingTicketChoiceCard([solved, pending], TEXT, 'fr');
    const [refuse] = actionsOf(card, 'ticket.refuse');
    const [comment] = actionsOf(card, 'ticket.comment');
    const [draft] = actionsOf(card, 'ticket.draftFromChat');
    expect(refuseData.parse(refuse)).toEqual({ number: 12, version: 5, refuseReason: TEXT });
    expect(commentData.parse(comment)).toEqual({ number: 13, version: 7, comment: TEXT });
    expect(draftFromChatData.parse(draft)).toEqual({ text: TEXT });
  });

  it('the typed text rides as typed, never read as a template or as markdown; titles are shown as typed', () => {
    const typed = '${title} **urgent** {{DATE(2025-01-01T00:00:00Z)}} [clic](https://example.com)';
    const title = 'Écran **noir** [clic](https://x.y)';
    const card = waitingTicketChoiceCard([aTicketIn('solved', { title })], typed, 'fr');
    expect(actionsOf(card, 'ticket.refuse')[0].refuseReason).toBe(typed);
    expect(actionsOf(card, 'ticket.draftFromChat')[0].text).toBe(typed);
    const question = textsOf(card)[1];
    expect(question).not.toContain('**noir**');
    expect(shown(question)).toBe(`Est-ce à propos du ticket #1042 (${title}) ?`);
  });

  it('a long solution or reason is shortened: the ticket card has the rest', () => {
    const long = `${'mot '.repeat(400)}fin`;
    const card = waitingTicketChoiceCard([aTicketIn('solved', { solutions: [aSolution({ text: long })] })], TEXT, 'fr');
    const state = textsOf(card)[2];
    expect(state.endsWith('…')).toBe(true);
    expect(state).not.toContain('fin');
    expect(state.length).toBeLessThan(300);
  });

  it('stays under Teams’ message size with three tickets, the longest titles and the largest text it may carry', () => {
    const heavy = '€'.repeat(Math.floor((CHOICE_TEXT_BYTES_MAX - 2) / 3));
    expect(fitsChoiceCard(heavy)).toBe(true);
    const title = 'É'.repeat(TICKET_LIMITS.titleMax);
    const tickets = [solved, pending, aTicketIn('solved', { number: 15 })].map((ticket) => ({ ...ticket, title }));
    const card = waitingTicketChoiceCard(tickets, heavy, 'fr');
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(25_000);
  });
});

describe('which messages the card can carry', () => {
  it('up to a refusal’s length, and a size four copies of it fit in a message', () => {
    expect(fitsChoiceCard('a'.repeat(TICKET_LIMITS.reasonMax))).toBe(true);
    expect(fitsChoiceCard('a'.repeat(TICKET_LIMITS.reasonMax + 1))).toBe(false);
    // a control character is six bytes once written in JSON
    expect(fitsChoiceCard('\u0001'.repeat(1_000))).toBe(false);
    expect(fitsChoiceCard('😀'.repeat(1_000))).toBe(true);
  });
});
