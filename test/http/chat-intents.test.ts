import { describe, expect, it } from 'vitest';
import { CAMILLE, JORDAN, cardActionActivity, messageActivity, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';
import { shown } from '../support/card-reading.js';

/** Chat commands as a user types them, through the real server with signed requests. */

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);

// the staff of test/fixtures/helpdesk.json
const THEO: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000a1', name: 'Théo Technicien', locale: 'fr-FR' };
const ADELE: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000ad', name: 'Adèle Admin', locale: 'fr-FR' };

type Card = Record<string, unknown>;

/** What the bot posted back in the conversation the message came from, with the ids the connector gave. */
async function say(
  user: TestUser,
  text: string,
  activity: { conversation: { id: string } } = messageActivity(user, text),
): Promise<{ id: string; body: Card }[]> {
  const before = env.connector.sent.length;
  expect((await env.server.post(activity, issuer.sign())).status).toBe(200);
  const conversation = `/v3/conversations/${encodeURIComponent(activity.conversation.id)}/`;
  return env.connector.sent
    .map((sent, i) => ({ id: `sent-${i + 1}`, path: sent.path, body: sent.body }))
    .slice(before)
    .filter((sent) => sent.path.includes(conversation))
    .map(({ id, body }) => ({ id, body }));
}

async function cardFor(user: TestUser, text: string): Promise<Card> {
  const answers = await say(user, text);
  expect(answers).toHaveLength(1);
  return cardOf(answers[0].body);
}

const cardOf = (body: Card): Card => {
  const attachments = body.attachments as { content: Card }[] | undefined;
  if (!attachments?.[0]) throw new Error(`no card in ${JSON.stringify(body).slice(0, 200)}`);
  return attachments[0].content;
};

/** the sentence of a message card (its second TextBlock; the first is its title) */
const sentenceOf = (card: Card) => (card.body as { text: string }[])[1].text;

function walk(node: unknown, visit: (record: Card) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (node && typeof node === 'object') {
    visit(node as Card);
    Object.values(node).forEach((child) => walk(child, visit));
  }
}

const factsOf = (card: Card): [string, string][] => {
  const facts: [string, string][] = [];
  walk(card, (node) => {
    if (node.type === 'FactSet') for (const fact of node.facts as { title: string; value: string }[]) facts.push([shown(fact.title), shown(fact.value)]);
  });
  return facts;
};

const inputsOf = (card: Card) => {
  const inputs: Record<string, unknown> = {};
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string') inputs[node.id] = node.value;
  });
  return inputs;
};

/** the data of every Action.Execute with this verb, in card order (list lines included) */
const actionsOf = (card: Card, verb: string) => {
  const found: Card[] = [];
  walk(card, (node) => {
    if (node.type === 'Action.Execute' && node.verb === verb) found.push(node.data as Card);
  });
  return found;
};

const FORM_BUTTON = 'Créer le ticket';

async function openTicketAs(user: TestUser, text: string): Promise<number> {
  const form = await cardFor(user, text);
  const [data] = actionsOf(form, 'ticket.create');
  const created = await env.server.post(cardActionActivity(user, 'ticket.create', { ...data, ...inputsOf(form) }), issuer.sign());
  const card = (created.body as { value: Card }).value;
  // its notifications go out now, not in the middle of the next answer
  await env.server.app.dispatcher.drain();
  return Number(actionsOf(card, 'ticket.refresh')[0].number);
}

describe('a word or two that is no command', () => {
  it.each(['escalader', 'tableau', 'inventaire'])('« %s » is answered "I don’t know that command", not with a ticket form', async (word) => {
    const card = await cardFor(CAMILLE, word);
    expect(sentenceOf(card)).toBe(
      `Je ne connais pas la commande « ${word} ». Tapez « aide » pour voir ce que je comprends, ou décrivez votre problème en une phrase : je prépare le ticket.`,
    );
    expect(JSON.stringify(card)).not.toContain(FORM_BUTTON);
  });

  it('in English, with the closest commands this user may use', async () => {
    expect(sentenceOf(await cardFor(JORDAN, 'dashboard'))).toBe(
      'I don’t know the command "dashboard". Type "help" to see what I understand, or describe your problem in a sentence: I will prepare the ticket.',
    );
    expect(sentenceOf(await cardFor(JORDAN, 'my tiket'))).toBe(
      'I don’t know the command "my tiket". Did you mean "my tickets"? Or describe your problem in a sentence: I will prepare the ticket.',
    );
  });

  it('a mistyped technician command is offered to a technician, not to a requester', async () => {
    expect(sentenceOf(await cardFor(THEO, 'grupe'))).toBe(
      'Je ne connais pas la commande « grupe ». Vouliez-vous dire « groupe » ? Ou décrivez votre problème en une phrase : je prépare le ticket.',
    );
    expect(sentenceOf(await cardFor(CAMILLE, 'grupe'))).toBe(
      'Je ne connais pas la commande « grupe ». Tapez « aide » pour voir ce que je comprends, ou décrivez votre problème en une phrase : je prépare le ticket.',
    );
  });

  it('a longer message is still a problem to report: the form comes prefilled', async () => {
    const form = await cardFor(CAMILLE, 'La base de connaissances ne s’ouvre plus');
    expect(JSON.stringify(form)).toContain(FORM_BUTTON);
    expect(inputsOf(form)).toMatchObject({ title: 'La base de connaissances ne s’ouvre plus', description: 'La base de connaissances ne s’ouvre plus' });
  });
});

describe('« aide » lists what this user may do, with how each list really sorts', () => {
  it('a requester: no technician or admin command', async () => {
    expect(factsOf(await cardFor(CAMILLE, 'aide'))).toEqual([
      ['Décrivez votre problème', 'Je prépare un ticket prérempli à vérifier et envoyer.'],
      ['mes tickets', 'Les tickets ouverts que vous avez demandés, les plus récents d’abord.'],
      ['nouveau ticket', 'Un formulaire de ticket vierge.'],
      ['ticket 12', 'Le ticket n° 12, si vous pouvez le voir (« #12 » marche aussi).'],
      ['base <mots>', 'Chercher une solution dans la base de connaissances.'],
      ['english', 'Me parler en anglais (« français » pour revenir).'],
      ['aide', 'Ce message.'],
    ]);
  });

  it('a technician: their queues, by priority; no admin command', async () => {
    const facts = factsOf(await cardFor(THEO, 'aide'));
    expect(facts.map(([command]) => command)).toEqual([
      'Décrivez votre problème',
      'mes tickets',
      'mes demandes',
      'nouveau ticket',
      'appel',
      'ticket 12',
      'base <mots>',
      'à traiter',
      'groupe',
      'english',
      'aide',
    ]);
    expect(Object.fromEntries(facts)).toMatchObject({
      'mes tickets': 'Vos tickets ouverts, demandés ou attribués, les plus prioritaires d’abord.',
      'mes demandes': 'Les tickets ouverts que vous avez demandés, les plus récents d’abord.',
      'à traiter': 'Les tickets non attribués de vos groupes, les plus prioritaires d’abord.',
      groupe: 'Les tickets ouverts de vos groupes, les plus prioritaires d’abord.',
    });
  });

  it('an admin also links channels and reads failures; in English after « english »', async () => {
    const facts = factsOf(await cardFor(ADELE, 'english'));
    expect(facts.map(([command]) => command)).toEqual(expect.arrayContaining(['link group <id>', 'failures', 'kb gaps', 'stats', 'to do', 'group']));
    expect(facts).toContainEqual(['kb gaps', 'Categories solved this month without an article: the articles to write.']);
    expect(facts).toContainEqual(['to do', 'Unassigned tickets in your groups, highest priority first.']);
    await say(ADELE, 'français');
  });
});

describe('technician queues typed by a requester', () => {
  it.each([
    ['à traiter', 'La file « À traiter » est réservée aux techniciens, aux responsables et aux administrateurs.'],
    ['groupe', 'La file des tickets de vos groupes est réservée aux techniciens, aux responsables et aux administrateurs.'],
  ])('« %s » says it is for technicians instead of showing their own list', async (command, refusal) => {
    const card = await cardFor(CAMILLE, command);
    expect(sentenceOf(card)).toBe(`${refusal} Tapez « mes tickets » pour voir les vôtres.`);
    expect(actionsOf(card, 'ticket.view')).toEqual([]);
  });

  it('in English too', async () => {
    expect(sentenceOf(await cardFor(JORDAN, 'to do'))).toBe('The "To do" queue is for technicians, leads and admins. Type "my tickets" to see yours.');
  });
});

describe('« #12 » / « ticket 12 » open that ticket', () => {
  it('for its requester and the technicians of its group; anyone else reads "not found"', async () => {
    const number = await openTicketAs(CAMILLE, 'Le scanner du 3e étage ne numérise plus rien');

    const [mine] = await say(CAMILLE, `#${number}`);
    const requesterCard = JSON.stringify(cardOf(mine.body));
    expect(requesterCard).toContain(`#${number}`);
    expect(requesterCard).toContain('Le scanner du 3e étage ne numérise plus rien');
    // the card posted is kept up to date like the others
    const stored = await db().collection('tickets').findOne({ number });
    expect((stored?.cardCopies as { activityId: string }[]).map((copy) => copy.activityId)).toContain(mine.id);

    const technicianCard = await cardFor(THEO, `ticket ${number}`);
    expect(JSON.stringify(technicianCard)).toContain('Le scanner du 3e étage ne numérise plus rien');
    expect(actionsOf(technicianCard, 'ticket.take')).toEqual([expect.objectContaining({ number })]);

    expect(sentenceOf(await cardFor(JORDAN, `ticket ${number}`))).toBe(`Ticket #${number} not found.`);
    expect(sentenceOf(await cardFor(CAMILLE, 'ticket 999'))).toBe('Le ticket n° 999 est introuvable.');
  });

  it('only in a personal chat, where the card is for its one reader', async () => {
    const inChannel = {
      ...messageActivity(THEO, '<at>Guichet</at> #1'),
      conversation: { id: '19:general@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true },
    };
    const [answer] = await say(THEO, '', inChannel);
    expect(sentenceOf(cardOf(answer.body))).toBe('Pour ouvrir un ticket ou choisir votre langue, écrivez-moi en conversation privée.');
  });
});

describe('ticket lists', () => {
  it('each line opens its ticket with the list’s queue, sort and page, so the card can lead back', async () => {
    const first = await openTicketAs(CAMILLE, 'Le Wi-Fi de la salle Everest coupe toutes les minutes');
    const second = await openTicketAs(CAMILLE, 'Outlook ne synchronise plus le calendrier partagé');

    const queue = await cardFor(THEO, 'à traiter');
    expect((queue.body as { text: string }[])[0].text).toBe('À traiter (non attribués, mes groupes)');
    expect(actionsOf(queue, 'ticket.view')).toEqual([
      { number: String(first), queue: 'toProcess', sort: 'priority', page: '0' },
      { number: String(second), queue: 'toProcess', sort: 'priority', page: '0' },
    ]);

    // opened from the list, the ticket card leads back to that very page
    const opened = await env.server.post(cardActionActivity(THEO, 'ticket.view', actionsOf(queue, 'ticket.view')[1]), issuer.sign());
    const back = actionsOf((opened.body as { value: Card }).value, 'tickets.list');
    expect(back).toEqual([expect.objectContaining({ queue: 'toProcess', sort: 'priority' })]);
    expect(Number(back[0].page)).toBe(0);

    const mine = await cardFor(CAMILLE, 'mes tickets');
    expect(actionsOf(mine, 'ticket.view')).toEqual([
      { number: String(second), queue: 'requested', sort: 'newest', page: '0' },
      { number: String(first), queue: 'requested', sort: 'newest', page: '0' },
    ]);

    const byAge = await env.server.post(cardActionActivity(THEO, 'tickets.list', { queue: 'group', sort: 'age', page: '0' }), issuer.sign());
    expect(actionsOf((byAge.body as { value: Card }).value, 'ticket.view')[0]).toEqual({ number: String(first), queue: 'group', sort: 'age', page: '0' });
  });
});

describe('commands that keep their words and rules', () => {
  it('« nouveau ticket » is a blank form; in a group chat it asks for a personal chat', async () => {
    const form = await cardFor(CAMILLE, 'nouveau ticket');
    expect(inputsOf(form)).toMatchObject({ title: '', description: '' });
    const inGroupChat = { ...messageActivity(CAMILLE, 'nouveau ticket'), conversation: { id: '19:chat@thread.v2', conversationType: 'groupChat' } };
    const [answer] = await say(CAMILLE, '', inGroupChat);
    expect(sentenceOf(cardOf(answer.body))).toBe('Pour ouvrir un ticket ou choisir votre langue, écrivez-moi en conversation privée.');
  });

  it('« mes tickets » for a technician is their work, by priority', async () => {
    const card = await cardFor(THEO, 'mes tickets');
    expect((card.body as { text: string }[])[0].text).toBe('Mes tickets (demandés ou attribués)');
  });
});
