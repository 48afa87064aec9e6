import { describe, expect, it } from 'vitest';
import { TEST_TENANT_ID, createTestIssuer } from '../support/bot-auth.js';
import { CAMILLE, JORDAN, THEO, cardActionActivity, type TestUser } from '../support/activities.js';
import { problemsOf } from '../support/adaptive-card-problems.js';
import { cardIn, inputNamed, inputsOf, shown, textsOf, type Card } from '../support/card-reading.js';
import { settle } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, useAuthenticatedApp } from '../support/test-app.js';

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);

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

/** The refusals the dialog lists above its inputs. */
const errorsOf = (card: Card): string[] => textsOf(card).filter((text) => text.startsWith('• ')).map((text) => shown(text.slice(2)));

const CAMILLE_MESSAGE = messageBy(
  CAMILLE,
  '<p>Bonjour,</p><p>HorairePro me dit &laquo;&nbsp;Accès refusé&nbsp;&raquo; depuis ce matin &amp; je dois soumettre mes horaires avant mercredi 17h.</p><p>Merci <at id="0">Théo</at></p>',
);
const CAMILLE_TEXT = 'Bonjour,\nHorairePro me dit « Accès refusé » depuis ce matin & je dois soumettre mes horaires avant mercredi 17h.\nMerci Théo';

describe('« Créer un ticket » on a Teams message (composeExtension/fetchTask, submitAction)', () => {
  it('a technician on a requester’s message: the dialog is prefilled from it, for its author; submitting opens the ticket for her and shows it', async () => {
    const fetched = await env.server.post(fetchTask(THEO, CAMILLE_MESSAGE), issuer.sign());
    expect(fetched.status).toBe(200);
    const dialog = dialogOf(fetched.body, 'Créer un ticket');
    const inputs = inputsOf(dialog);
    expect(inputs.title).toBe('HorairePro me dit « Accès refusé » depuis ce matin & je dois soumettre mes…');
    expect(inputs.description).toBe(`${CAMILLE_TEXT}\n\nMessage d’origine : ${LINK}`);
    expect(inputs.requesterId).toBe(CAMILLE.aadObjectId);
    expect(inputNamed(dialog, 'requesterId')!.choices).toEqual([
      { title: 'Camille Martin (auteur du message)', value: CAMILLE.aadObjectId },
      { title: 'Moi (Théo Technicien)', value: THEO.aadObjectId },
    ]);
    expect(dialog.actions).toEqual([
      { type: 'Action.Submit', title: 'Créer le ticket', style: 'positive', data: { draftId: expect.any(String), authorId: CAMILLE.aadObjectId, authorName: 'Camille Martin' } },
      { type: 'Action.OpenUrl', title: 'Voir le message', url: LINK },
    ]);

    const answer = await env.server.post(submitAction(THEO, CAMILLE_MESSAGE, submitted(dialog, { urgency: '4' })), issuer.sign());
    expect(answer.status).toBe(200);
    const ticketCard = dialogOf(answer.body, 'Ticket #1');
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
    const card = dialogOf(own.body, 'Ticket #1');
    expect(shown(textsOf(card)[0])).toBe('Ticket enregistré. Le support est prévenu ; vous serez tenu au courant dans votre conversation avec Guichet.');
    expect(await db().collection('tickets').find().project({ _id: 0, requester: 1, source: 1 }).toArray()).toEqual([
      { requester: { id: CAMILLE.aadObjectId, name: 'Camille Martin' }, source: 'message' },
    ]);
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
    expect(inputNamed(dialog, 'requesterId')).toBeUndefined();
    expect(inputsOf(dialog).title).toBe('Rappel');

    const unknown = await env.server.post(fetchTask(THEO, botMessage, { commandId: 'somethingElse' }), issuer.sign());
    expect(unknown.body).toEqual({
      task: { type: 'message', value: 'Cette action n’est pas reconnue. La carte est peut-être trop ancienne : tapez « aide ».' },
    });
  });
});
