import { describe, expect, it } from 'vitest';
import { createTestIssuer } from '../support/bot-auth.js';
import { CAMILLE, JORDAN, personalChat, type TestUser } from '../support/activities.js';
import { actionData, inputsOf, noticeOf, shown, walk, type Card } from '../support/card-reading.js';
import { clickIn, invokeCard, sayInPersonalChat } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);

/** The form the bot posted in the requester's own chat in answer to their message. */
async function formFor(user: TestUser, text: string): Promise<Card> {
  return (await sayInPersonalChat(env, issuer.sign(), user, text)).card;
}

/** The subtle line right under each field the form may have prefilled (null: none), as shown. */
function linesUnder(card: Card): Record<'category' | 'urgency' | 'impact' | 'location', string | null> {
  const out: Record<string, string | null> = { category: null, urgency: null, impact: null, location: null };
  walk(card, (node) => {
    for (const list of Object.values(node)) {
      if (!Array.isArray(list)) continue;
      list.forEach((item: Card, i) => {
        const next = list[i + 1] as Card | undefined;
        if (typeof item?.id === 'string' && item.id in out && next?.type === 'TextBlock' && next.isSubtle === true) out[item.id] = shown(String(next.text));
      });
    }
  });
  return out as Record<'category' | 'urgency' | 'impact' | 'location', string | null>;
}

describe('a requester’s message prefills their form, each suggestion with its reason', () => {
  it('fr: the 2nd-floor printer blocking the accounting team → printer, urgency 4, impact 4, « 2e étage », each with why; every field can still be changed', async () => {
    const message = 'mon imprimante du 2e étage n’imprime plus depuis ce matin, toute l’équipe compta est bloquée';
    const form = await formFor(CAMILLE, message);
    expect(inputsOf(form)).toEqual({
      type: 'incident',
      title: 'Mon imprimante du 2e étage n’imprime plus depuis ce matin, toute l’équipe…',
      description: message,
      category: 'printing.printer',
      urgency: '4',
      impact: '4',
      location: '2e étage',
    });
    expect(linesUnder(form)).toEqual({
      category: 'Suggérée : votre message parle de « imprimante ».',
      urgency: 'Suggérée : votre travail est bloqué (« toute l’équipe compta est bloquée »).',
      impact: 'Suggéré : plusieurs personnes sont touchées (« toute l’équipe compta est bloquée »).',
      location: 'Repris de votre message : « 2e étage ».',
    });

    // she corrects every suggestion: the ticket keeps her choices, not the reader's
    const changes = { type: 'request', category: 'printing.scanner', urgency: '2', impact: '5', location: 'Bâtiment B, 3e étage' };
    const data = { ...actionData(form, 'ticket.create'), ...inputsOf(form), ...changes };
    const card = await invokeCard(env.server, issuer.sign(), clickIn(CAMILLE, 'ticket.create', data, { chat: personalChat(CAMILLE), cardId: 'form-1' }));
    expect(shown(noticeOf(card))).toBe('Ticket enregistré. Le support est prévenu ; vous serez tenu au courant ici.');
    const [ticket] = await db().collection('tickets').find().toArray();
    expect(ticket).toMatchObject({
      number: 1,
      type: 'request',
      categoryId: 'printing.scanner',
      urgency: 2,
      impact: 5,
      location: 'Bâtiment B, 3e étage',
      requester: { id: CAMILLE.aadObjectId, name: 'Camille Martin' },
      source: 'chat',
    });
  });

  it('fr: « le scanner n’envoie plus vers mon courriel » → Impression > Scanner (the device named first), nothing else suggested', async () => {
    const form = await formFor(CAMILLE, 'le scanner n’envoie plus vers mon courriel');
    expect(inputsOf(form)).toMatchObject({ category: 'printing.scanner', urgency: '3', impact: '3', location: '' });
    expect(linesUnder(form)).toEqual({ category: 'Suggérée : votre message parle de « scanner ».', urgency: null, impact: null, location: null });
  });

  it('en: a deadline, one person affected and "office 214", in English', async () => {
    const form = await formFor(JORDAN, 'My laptop in office 214 won’t start. I have to send the payroll before 5pm. Only me.');
    expect(inputsOf(form)).toMatchObject({ category: 'hardware.workstation', urgency: '4', impact: '2', location: 'office 214' });
    expect(linesUnder(form)).toEqual({
      category: 'Suggested: your message mentions "laptop".',
      urgency: 'Suggested: you mention a deadline ("I have to send the payroll before 5pm").',
      impact: 'Suggested: only one person is affected ("Only me").',
      location: 'Taken from your message: "office 214".',
    });
    const data = { ...actionData(form, 'ticket.create'), ...inputsOf(form) };
    await invokeCard(env.server, issuer.sign(), clickIn(JORDAN, 'ticket.create', data, { chat: personalChat(JORDAN), cardId: 'form-1' }));
    const [ticket] = await db().collection('tickets').find().toArray();
    expect(ticket).toMatchObject({ categoryId: 'hardware.workstation', urgency: 4, impact: 2, location: 'office 214', requester: { id: JORDAN.aadObjectId } });
  });

  it('en: everyone on the floor, nothing about where or when → impact 4 with why, no line under urgency or location', async () => {
    const form = await formFor(JORDAN, 'The Wi-Fi keeps dropping for everyone around me');
    expect(inputsOf(form)).toMatchObject({ urgency: '3', impact: '4', location: '' });
    expect(linesUnder(form)).toMatchObject({ urgency: null, impact: 'Suggested: several people are affected ("The Wi-Fi keeps dropping for everyone around me").', location: null });
  });
});
