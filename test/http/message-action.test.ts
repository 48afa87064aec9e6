import { describe, expect, it } from 'vitest';
import type { Directory, DirectoryPerson } from '../../src/domain/ports/directory.js';
import { TEST_TENANT_ID, createTestIssuer } from '../support/bot-auth.js';
import { CAMILLE, JORDAN, THEO, TINA, cardActionActivity, messageActivity, personalChat, type TestUser } from '../support/activities.js';
import { problemsOf } from '../support/adaptive-card-problems.js';
import { cardIn, inputNamed, inputsOf, shown, textsOf, walk, type Card } from '../support/card-reading.js';
import { postedSince, settle } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, useAuthenticatedApp } from '../support/test-app.js';

const person = (id: string, name: string, department: string | null, officeLocation: string | null): DirectoryPerson => ({
  id,
  name,
  department,
  officeLocation,
  jobTitle: null,
  mail: null,
  preferredLanguage: null,
});
const CAMILLE_IN_DIRECTORY = person(CAMILLE.aadObjectId, 'Camille Martin', 'Comptabilité', 'Bureau 214');
/** her namesake, whom a technician must be able to tell apart */
const CAMILLE_MARTEL = person('c0ffee00-0000-4000-8000-0000000000c2', 'Camille Martel', 'Accueil', 'Rez-de-chaussée');
const NADIA = person('c0ffee00-0000-4000-8000-0000000000c3', 'Nadia Benali', 'Comptabilité', '2e étage');

/** A directory of three people (a fake, not a mock): a name matches on any of its words, the most words first. */
const searched: string[] = [];
const directory: Directory = {
  async search(_tenantId, text, limit) {
    searched.push(text);
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const score = (p: DirectoryPerson) => words.filter((w) => p.name.toLowerCase().split(' ').some((part) => part.startsWith(w))).length;
    return [CAMILLE_IN_DIRECTORY, CAMILLE_MARTEL, NADIA]
      .filter((p) => score(p) > 0)
      .sort((a, b) => score(b) - score(a))
      .slice(0, limit);
  },
  profile: async (_tenantId, id) => [CAMILLE_IN_DIRECTORY, CAMILLE_MARTEL, NADIA].find((p) => p.id === id) ?? null,
  manager: async () => null,
};

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer, { directory });

const CHANNEL = '19:general@thread.tacv2';
const LINK = 'https://teams.microsoft.com/l/message/19:general@thread.tacv2/1732800000000?tenantId=t&groupId=g&parentMessageId=1732800000000';

/** The message « Créer un ticket » is used on, as Teams sends it (`value.messagePayload`). */
function messageBy(author: TestUser | null, html: string, extra: Record<string, unknown> = {}) {
  return {
    id: '1732800000000',
    createdDateTime: '2026-11-28T09:00:00.000Z',
    body: { contentType: 'html', content: html },
    from: author
      ? { user: { id: author.aadObjectId, displayName: author.name, userIdentityType: 'aadUser' }, application: null }
      : { user: null, application: { id: 'some-bot', displayName: 'Some bot' } },
    linkToMessage: LINK,
    ...extra,
  };
}

/** A message-extension invoke by `user` in a team's channel (the message sits there). */
function invoke(user: TestUser, name: string, value: Record<string, unknown>) {
  const base = cardActionActivity(user, 'unused', {});
  return {
    ...base,
    name,
    value: { commandId: 'createTicket', commandContext: 'message', context: { theme: 'default' }, ...value },
    conversation: { id: `${CHANNEL};messageid=1732800000000`, conversationType: 'channel', tenantId: TEST_TENANT_ID },
  };
}

const fetchTask = (user: TestUser, messagePayload: object, extra: Record<string, unknown> = {}) =>
  invoke(user, 'composeExtension/fetchTask', { messagePayload, ...extra });
const submitAction = (user: TestUser, messagePayload: object, data: Record<string, unknown>) =>
  invoke(user, 'composeExtension/submitAction', { messagePayload, data });

/** The dialog a task-module answer shows, checked to be exactly `{ task: { type: 'continue', value: { title, card } } }`. */
function dialogOf(body: unknown, title: string): Card {
  expect(body).toEqual({
    task: { type: 'continue', value: { title, card: { contentType: 'application/vnd.microsoft.card.adaptive', content: expect.any(Object) } } },
  });
  const card = (body as { task: { value: { card: { content: Card } } } }).task.value.card.content;
  expect(problemsOf(card)).toEqual([]);
  return card;
}

/** What the dialog's « Créer le ticket » (Action.Submit) sends: its data with the inputs merged in. */
function submitted(card: Card, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const submit = (card.actions as Card[]).find((action) => action.type === 'Action.Submit');
  if (!submit) throw new Error('no Action.Submit in the dialog');
  return { ...(submit.data as Record<string, unknown>), ...inputsOf(card), ...changes };
}

/** The dialog after creation: the ticket card read-only, and the sentence saying where its buttons are. */
function createdDialogOf(body: unknown, title: string, inChat: string): Card {
  const card = dialogOf(body, title);
  const interactive: string[] = [];
  walk(card, (node, key) => {
    if (typeof node.type === 'string' && /^(Action\.|Input\.|ActionSet$)/.test(node.type)) interactive.push(node.type);
    if (key === 'selectAction' || 'refresh' in node) interactive.push(key || 'refresh');
  });
  expect(interactive).toEqual([]);
  expect(card.actions).toBeUndefined();
  expect(shown(textsOf(card).at(-1)!)).toBe(inChat);
  return card;
}
const IN_CHAT_FR = 'La carte du ticket, avec ses boutons, vous attend dans votre conversation avec Guichet.';
const IN_CHAT_EN = 'The ticket card, with its buttons, is waiting for you in your chat with Guichet.';

/** The card the creator gets in their own chat: the ticket with its buttons (Action.Execute). */
function executeVerbs(card: Card | undefined): string[] {
  const verbs: string[] = [];
  walk(card, (node) => {
    if (node.type === 'Action.Execute' && typeof node.verb === 'string') verbs.push(node.verb);
  });
  return verbs;
}

/** The refusals the dialog lists above its inputs. */
const errorsOf = (card: Card): string[] => textsOf(card).filter((text) => text.startsWith('• ')).map((text) => shown(text.slice(2)));

const CAMILLE_MESSAGE = messageBy(
  CAMILLE,
  '<p>Bonjour,</p><p>HorairePro me dit &laquo;&nbsp;Accès refusé&nbsp;&raquo; depuis ce matin &amp; je dois soumettre mes horaires avant mercredi 17h.</p><p>Merci <at id="0">Théo</at></p>',
);
const CAMILLE_TEXT = 'Bonjour,\nHorairePro me dit « Accès refusé » depuis ce matin & je dois soumettre mes horaires avant mercredi 17h.\nMerci Théo';

describe('« Créer un ticket » on a Teams message (composeExtension/fetchTask, submitAction)', () => {
  it('a technician on a requester’s message: the dialog is prefilled from it, for its author; submitting opens the ticket for her, shows it read-only and puts the card with its buttons in his chat', async () => {
    searched.length = 0;
    const fetched = await env.server.post(fetchTask(THEO, CAMILLE_MESSAGE), issuer.sign());
    expect(fetched.status).toBe(200);
    const dialog = dialogOf(fetched.body, 'Créer un ticket');
    const inputs = inputsOf(dialog);
    expect(inputs.title).toBe('HorairePro me dit « Accès refusé » depuis ce matin & je dois soumettre mes…');
    expect(inputs.description).toBe(`${CAMILLE_TEXT}\n\nMessage d’origine : ${LINK}`);
    expect(inputs.requesterId).toBe(CAMILLE.aadObjectId);
    // all the choices are in the card (Teams runs no typeahead search from a dialog): the author,
    // himself, and the directory's other matches for her name
    expect(searched).toEqual(['Camille Martin']);
    expect(inputNamed(dialog, 'requesterId')).toMatchObject({ style: 'filtered', value: CAMILLE.aadObjectId });
    expect(inputNamed(dialog, 'requesterId')!.choices).toEqual([
      { title: 'Camille Martin (auteur du message)', value: CAMILLE.aadObjectId },
      { title: 'Moi (Théo Technicien)', value: THEO.aadObjectId },
      { title: 'Camille Martel — Accueil, Rez-de-chaussée', value: CAMILLE_MARTEL.id },
    ]);
    expect(inputNamed(dialog, 'requesterSearch')).toMatchObject({ label: 'Quelqu’un d’autre : son nom', value: '' });
    expect(dialog.actions).toEqual([
      { type: 'Action.Submit', title: 'Créer le ticket', style: 'positive', data: { draftId: expect.any(String), authorId: CAMILLE.aadObjectId, authorName: 'Camille Martin' } },
      { type: 'Action.OpenUrl', title: 'Voir le message', url: LINK },
    ]);

    const startedAt = performance.now();
    const answer = await env.server.post(submitAction(THEO, CAMILLE_MESSAGE, submitted(dialog, { urgency: '4' })), issuer.sign());
    // Teams gives a dialog's submit 5 seconds; the chats are told afterwards, from the outbox
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    expect(answer.status).toBe(200);
    const ticketCard = createdDialogOf(answer.body, 'Ticket #1', IN_CHAT_FR);
    expect(shown(textsOf(ticketCard)[0])).toBe('Ticket enregistré pour Camille Martin, qui en est prévenu dans sa conversation avec Guichet.');
    expect(JSON.stringify(ticketCard)).toContain('#1');

    const stored = await db().collection('tickets').find().toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      number: 1,
      source: 'message',
      requester: { id: CAMILLE.aadObjectId, name: 'Camille Martin' },
      title: inputs.title,
      description: inputs.description,
      urgency: 4,
    });
    // she never wrote to the bot: her chat is opened by her Entra id, and she is told there
    await settle(env.server.app);
    expect(env.connector.created).toContain(CAMILLE.aadObjectId);
    const toCamille = env.connector.to(createdChat(CAMILLE));
    expect(toCamille).toHaveLength(1);
    expect(textsOf(cardIn(toCamille[0])).map(shown)).toContain(
      `Théo Technicien du support a ouvert pour vous le ticket #1 « ${inputs.title} » à partir de votre message.`,
    );
    // Théo never wrote to the bot either: his chat is opened too, and the card he works with is there
    expect(env.connector.created).toContain(THEO.aadObjectId);
    const toTheo = env.connector.to(createdChat(THEO));
    const sentence = `Vous avez créé le ticket #1 « ${inputs.title} » à partir d’un message : le voici, avec ses boutons.`;
    expect(toTheo).toHaveLength(1);
    expect(toTheo[0]).toMatchObject({
      type: 'message',
      conversation: { id: createdChat(THEO) },
      summary: sentence,
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: expect.any(Object) }],
    });
    const theosCard = cardIn(toTheo[0])!;
    expect(problemsOf(theosCard)).toEqual([]);
    expect(shown(textsOf(theosCard)[0])).toBe(sentence);
    expect(executeVerbs(theosCard)).toContain('ticket.take');
  });

  it('a requester on someone else’s message is the requester themself; forged data cannot make the author (or anyone) the requester', async () => {
    const jordansMessage = messageBy(JORDAN, '<div>The shared printer on floor 2 jams on every job.</div>');
    const dialog = dialogOf((await env.server.post(fetchTask(CAMILLE, jordansMessage), issuer.sign())).body, 'Créer un ticket');
    expect(inputNamed(dialog, 'requesterId')).toBeUndefined();
    expect(textsOf(dialog)).toContain('Demandeur : vous (Camille Martin)');

    const forgedAuthor = await env.server.post(submitAction(CAMILLE, jordansMessage, submitted(dialog, { requesterId: JORDAN.aadObjectId })), issuer.sign());
    const refused = dialogOf(forgedAuthor.body, 'Créer un ticket');
    expect(errorsOf(refused)).toEqual([
      'Seuls les techniciens, les responsables et les administrateurs peuvent ouvrir un ticket pour quelqu’un d’autre.',
    ]);
    expect(inputsOf(refused).title).toBe('The shared printer on floor 2 jams on every job');

    const stranger = 'c0ffee00-0000-4000-8000-0000000000ff';
    const forgedStranger = await env.server.post(
      submitAction(CAMILLE, jordansMessage, submitted(dialog, { requesterId: stranger, authorId: stranger, authorName: 'Forged' })),
      issuer.sign(),
    );
    // the message says who wrote it: a forged author in the dialog's data is nobody's requester
    expect(errorsOf(dialogOf(forgedStranger.body, 'Créer un ticket'))).toEqual(['Les données de la carte sont invalides ; rien n’a été enregistré.']);
    expect(await db().collection('tickets').countDocuments()).toBe(0);

    const own = await env.server.post(submitAction(CAMILLE, jordansMessage, submitted(dialog)), issuer.sign());
    const card = createdDialogOf(own.body, 'Ticket #1', IN_CHAT_FR);
    expect(shown(textsOf(card)[0])).toBe('Ticket enregistré. Le support est prévenu ; vous serez tenu au courant dans votre conversation avec Guichet.');
    expect(await db().collection('tickets').find().project({ _id: 0, requester: 1, source: 1 }).toArray()).toEqual([
      { requester: { id: CAMILLE.aadObjectId, name: 'Camille Martin' }, source: 'message' },
    ]);
    // her own card, with its buttons, in her chat
    await settle(env.server.app);
    const toCamille = env.connector.to(createdChat(CAMILLE));
    expect(toCamille.map((body) => body.summary)).toEqual([
      'Vous avez créé le ticket #1 « The shared printer on floor 2 jams on every job » à partir d’un message : le voici, avec ses boutons.',
    ]);
    expect(executeVerbs(cardIn(toCamille[0]))).not.toContain('ticket.take');
  });

  it('a requester cannot reach the directory through the dialog: a typed name or a directory person’s id is no requester', async () => {
    searched.length = 0;
    const jordansMessage = messageBy(JORDAN, '<div>The shared printer on floor 2 jams on every job.</div>');
    const dialog = dialogOf((await env.server.post(fetchTask(CAMILLE, jordansMessage), issuer.sign())).body, 'Créer un ticket');
    expect(inputNamed(dialog, 'requesterSearch')).toBeUndefined();
    const forged = await env.server.post(submitAction(CAMILLE, jordansMessage, submitted(dialog, { requesterSearch: 'Nadia', requesterId: NADIA.id })), issuer.sign());
    expect(errorsOf(dialogOf(forged.body, 'Créer un ticket'))).toEqual(['Les données de la carte sont invalides ; rien n’a été enregistré.']);
    expect(searched).toEqual([]);
    expect(await db().collection('tickets').countDocuments()).toBe(0);
  });

  it('a technician picks someone else: the name typed is looked up, the matches come back to pick from, and the ticket is for the one picked', async () => {
    const dialog = dialogOf((await env.server.post(fetchTask(THEO, CAMILLE_MESSAGE), issuer.sign())).body, 'Créer un ticket');
    const typed = submitted(dialog, { requesterSearch: 'Nadia', title: 'Imprimante de la compta' });
    const found = dialogOf((await env.server.post(submitAction(THEO, CAMILLE_MESSAGE, typed), issuer.sign())).body, 'Créer un ticket');
    expect(errorsOf(found)).toEqual(['Choisissez le demandeur parmi les personnes trouvées pour « Nadia », puis créez le ticket.']);
    expect(inputNamed(found, 'requesterId')!.choices).toEqual([
      { title: 'Camille Martin (auteur du message)', value: CAMILLE.aadObjectId },
      { title: 'Moi (Théo Technicien)', value: THEO.aadObjectId },
      { title: 'Nadia Benali — Comptabilité, 2e étage', value: NADIA.id },
    ]);
    expect(inputsOf(found)).toMatchObject({ requesterId: NADIA.id, requesterSearch: '', title: 'Imprimante de la compta' });
    expect(await db().collection('tickets').countDocuments()).toBe(0);

    const nobody = submitted(found, { requesterSearch: 'Zoé Inconnue' });
    const notFound = dialogOf((await env.server.post(submitAction(THEO, CAMILLE_MESSAGE, nobody), issuer.sign())).body, 'Créer un ticket');
    expect(errorsOf(notFound)).toEqual(['Personne ne correspond à « Zoé Inconnue » dans l’annuaire : vérifiez le nom, ou choisissez le demandeur dans la liste.']);
    // what was picked stays picked, and the name typed stays to be corrected
    expect(inputsOf(notFound)).toMatchObject({ requesterId: NADIA.id, requesterSearch: 'Zoé Inconnue' });

    const unknown = submitted(found, { requesterId: 'c0ffee00-0000-4000-8000-0000000000ff' });
    const refused = dialogOf((await env.server.post(submitAction(THEO, CAMILLE_MESSAGE, unknown), issuer.sign())).body, 'Créer un ticket');
    expect(errorsOf(refused)).toEqual(['Ce demandeur est introuvable dans l’annuaire : choisissez-le dans la liste.']);
    expect(inputsOf(refused).requesterId).toBe(CAMILLE.aadObjectId);
    expect(await db().collection('tickets').countDocuments()).toBe(0);

    const created = await env.server.post(submitAction(THEO, CAMILLE_MESSAGE, submitted(found)), issuer.sign());
    const card = createdDialogOf(created.body, 'Ticket #1', IN_CHAT_FR);
    expect(shown(textsOf(card)[0])).toBe('Ticket enregistré pour Nadia Benali, qui en est prévenu dans sa conversation avec Guichet.');
    expect(await db().collection('tickets').find().project({ _id: 0, requester: 1 }).toArray()).toEqual([{ requester: { id: NADIA.id, name: 'Nadia Benali' } }]);
  });

  it('in English: the dialog, the read-only ticket and the card in her chat with its buttons', async () => {
    const tina = { ...TINA, locale: 'en-US' };
    // Tina has talked to Guichet before, in English: her chat is known and speaks her language
    await env.server.post(messageActivity(tina, 'hello'), issuer.sign());
    await settle(env.server.app);
    const before = env.connector.sent.length;
    const dialog = dialogOf((await env.server.post(fetchTask(tina, CAMILLE_MESSAGE), issuer.sign())).body, 'Create ticket');
    expect(inputNamed(dialog, 'requesterId')!.choices).toEqual([
      { title: 'Camille Martin (who wrote the message)', value: CAMILLE.aadObjectId },
      { title: 'Me (Tina Tech)', value: TINA.aadObjectId },
      { title: 'Camille Martel — Accueil, Rez-de-chaussée', value: CAMILLE_MARTEL.id },
    ]);
    const answer = await env.server.post(submitAction(tina, CAMILLE_MESSAGE, submitted(dialog)), issuer.sign());
    const card = createdDialogOf(answer.body, 'Ticket #1', IN_CHAT_EN);
    expect(shown(textsOf(card)[0])).toBe('Ticket saved for Camille Martin, who is told in their chat with Guichet.');
    await settle(env.server.app);
    const toTina = postedSince(env.connector, before).filter((posted) => posted.chat === personalChat(TINA));
    const title = inputsOf(dialog).title as string;
    expect(toTina.map((posted) => posted.said)).toEqual([`You created ticket #1 "${title}" from a message: here it is, with its buttons.`]);
    expect(executeVerbs(toTina[0].card)).toContain('ticket.take');
    expect(env.connector.created).not.toContain(TINA.aadObjectId);
  });

  it('bad input keeps the dialog open with the refusal and what was typed; the same dialog submitted twice opens one ticket', async () => {
    const dialog = dialogOf((await env.server.post(fetchTask(THEO, CAMILLE_MESSAGE), issuer.sign())).body, 'Créer un ticket');
    const typed = submitted(dialog, { title: '   ', description: 'Ce que Théo a ajouté', urgency: '5', requesterId: THEO.aadObjectId });
    const again = dialogOf((await env.server.post(submitAction(THEO, CAMILLE_MESSAGE, typed), issuer.sign())).body, 'Créer un ticket');
    expect(errorsOf(again)).toEqual(['Le titre est obligatoire : rien n’a été enregistré.']);
    expect(inputsOf(again)).toMatchObject({ title: '   ', description: 'Ce que Théo a ajouté', urgency: '5', requesterId: THEO.aadObjectId });
    expect(await db().collection('tickets').countDocuments()).toBe(0);

    const fixed = submitted(again, { title: 'HorairePro refuse l’accès' });
    expect(fixed.draftId).toBe(typed.draftId);
    const [first, second] = await Promise.all([
      env.server.post(submitAction(THEO, CAMILLE_MESSAGE, fixed), issuer.sign()),
      env.server.post(submitAction(THEO, CAMILLE_MESSAGE, fixed), issuer.sign()),
    ]);
    dialogOf(first.body, 'Ticket #1');
    dialogOf(second.body, 'Ticket #1');
    expect(await db().collection('tickets').find().project({ _id: 0, title: 1, requester: 1 }).toArray()).toEqual([
      { title: 'HorairePro refuse l’accès', requester: { id: THEO.aadObjectId, name: 'Théo Technicien' } },
    ]);
  });

  it('a bot’s message has no author to open it for, and an unknown command is said so in the dialog', async () => {
    const botMessage = messageBy(null, 'Rappel : maintenance ce soir', { body: { contentType: 'text', content: 'Rappel : maintenance ce soir' } });
    const dialog = dialogOf((await env.server.post(fetchTask(THEO, botMessage), issuer.sign())).body, 'Créer un ticket');
    // no author: himself, or someone he names
    expect(inputNamed(dialog, 'requesterId')!.choices).toEqual([{ title: 'Moi (Théo Technicien)', value: THEO.aadObjectId }]);
    expect(inputNamed(dialog, 'requesterSearch')).toBeDefined();
    expect(inputsOf(dialog).title).toBe('Rappel');

    const unknown = await env.server.post(fetchTask(THEO, botMessage, { commandId: 'somethingElse' }), issuer.sign());
    expect(unknown.body).toEqual({
      task: { type: 'message', value: 'Cette action n’est pas reconnue. La carte est peut-être trop ancienne : tapez « aide ».' },
    });
  });
});
