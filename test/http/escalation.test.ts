import { beforeEach, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/views/format.js';
import { CAMILLE, LEA, messageActivity, personalChat, THEO, TINA, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, actionsOf, buttonsOf, cardIn, inputNamed, inputsOf, noticeOf, shown, textsOf } from '../support/card-reading.js';
import { chatOf, clickIn as click, invokeCard, postedSince, settle as settleOutbox, told } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, useFreshAppPerTest } from '../support/test-app.js';

/**
 * Escalation through the real server (signed requests in, Bot Connector nocked, the real
 * dispatcher): « Escalader… » to another group with what was tried, « Alerter le responsable »
 * with a mention in the channel, and observers told of what others do.
 */

// the people and channels of test/fixtures/helpdesk-escalation.json
const NADIA: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000b1', name: 'Nadia Réseau', locale: 'fr-FR' };
const SAM: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000d0', name: 'Sam Système', locale: 'fr-FR' };
const N1_CHANNEL = '19:support-n1@thread.tacv2';
const N2_CHANNEL = '19:reseau-n2@thread.tacv2';

const FORBIDDEN_ESCALATE = 'Seuls les techniciens du groupe du ticket, les responsables et les administrateurs peuvent escalader ce ticket.';
const FOLLOWING = 'Vous suivez ce ticket : vous serez prévenu de ses changements.';

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useFreshAppPerTest(db, issuer, { dispatcher: { pollMs: 50, baseDelayMs: 50 } });
// a server per test (it remembers nobody's chat), with the helpdesk where N2 has a channel and N3 nobody on duty
beforeEach(() => env.restartWith({ GUICHET_HELPDESK_FILE: 'test/fixtures/helpdesk-escalation.json' }));

const invoke = (activity: object) => invokeCard(env.server, issuer.sign(), activity);
const settle = () => settleOutbox(env.server.app);
const mark = () => ({ sent: env.connector.sent.length, updated: env.connector.updated.length });
const sentSince = (m: { sent: number }) => postedSince(env.connector, m.sent);
const updatedSince = (m: { updated: number }) => env.connector.updated.slice(m.updated).map((u) => ({ chat: chatOf(u.path), text: JSON.stringify(u.body) }));
/** who was told what, in a stable order (deliveries to different chats race) */
const toldSorted = (posted: Parameters<typeof told>[0]) => told(posted).sort((a, b) => a.chat.localeCompare(b.chat));
const ticketDoc = async (number: number) => (await db().collection('tickets').findOne({ number })) as Record<string, any>;

interface Opened {
  readonly number: number;
  readonly title: string;
}

/** Camille describes a problem and creates the ticket from the prefilled form; it lands in N1 */
async function openTicket(text: string): Promise<Opened> {
  const before = mark();
  expect((await env.server.post(messageActivity(CAMILLE, text), issuer.sign())).status).toBe(200);
  const [form] = sentSince(before);
  const data = { ...actionData(form.card, 'ticket.create'), ...inputsOf(form.card) };
  const created = await invoke(click(CAMILLE, 'ticket.create', data, { chat: personalChat(CAMILLE), cardId: form.id }));
  const number = Number(actionData(created, 'ticket.refresh').number);
  await settle();
  return { number, title: (await ticketDoc(number)).title };
}

/** someone clicks in the 1:1 the bot opened with them (where their notifications arrive) */
const as = (user: TestUser, verb: string, data: Record<string, unknown>) => click(user, verb, data, { chat: createdChat(user) });

/** Théo takes the ticket; the card he gets back */
const theoTakes = (opened: Opened) => invoke(as(THEO, 'ticket.take', { number: opened.number, version: 1 }));

/** the list a user gets when typing a queue's command, by ticket number */
async function queueNumbers(user: TestUser, command: string): Promise<number[]> {
  const before = mark();
  expect((await env.server.post(messageActivity(user, command), issuer.sign())).status).toBe(200);
  const [list] = sentSince(before);
  return actionsOf(list.card, 'ticket.view').map((data) => Number(data.number));
}

describe('functional escalation: « Escalader… » to another group with what was tried', () => {
  it('the requester is told where it went, the new group gets the ticket with the summary, the escalating technician follows it', async () => {
    const opened = await openTicket('Le VPN se coupe toutes les cinq minutes depuis ce matin, impossible de travailler.');
    let card = await theoTakes(opened);
    card = await invoke(as(THEO, 'ticket.addTask', { ...actionData(card, 'ticket.addTask'), taskDescription: 'Client VPN réinstallé', taskStatus: 'done', durationMinutes: '20' }));
    await invoke(as(THEO, 'ticket.addFollowup', { ...actionData(card, 'ticket.addFollowup'), followupText: 'Coupures aussi en filaire :\npas le Wi-Fi.', private: 'true' }));
    await settle();
    const worked = await ticketDoc(opened.number);

    // ---- the form: every other group (one with nobody on duty named so), the summary prefilled from the work done
    const form = await invoke(as(THEO, 'ticket.escalateForm', { number: opened.number, version: worked.version }));
    expect(inputNamed(form, 'targetGroupId')!.choices).toEqual([
      { title: 'N2 Réseau', value: 'reseau-n2' },
      { title: 'N3 Système — personne de garde', value: 'systeme-n3' },
    ]);
    const paris = (date: Date) => formatDateTime(date, 'fr', 'Europe/Paris');
    const prefilled = [
      `${paris(worked.tasks[0].at)} — Tâche (Fait, 20 min) : Client VPN réinstallé`,
      `${paris(worked.followups[1].at)} — Théo Technicien : Coupures aussi en filaire : pas le Wi-Fi.`,
    ].join('\n');
    expect(inputNamed(form, 'escalationSummary')!.value).toBe(prefilled);
    expect(buttonsOf(form)).toEqual(['Escalader', 'Annuler']);

    // ---- « Escalader » to N2 Réseau, the technician's edit added to the summary
    const summary = `${prefilled}\nÀ voir côté pare-feu du siège.`;
    const before = mark();
    const answer = await invoke(as(THEO, 'ticket.escalate', { ...actionData(form, 'ticket.escalate'), ...inputsOf(form), targetGroupId: 'reseau-n2', escalationSummary: summary }));
    expect(noticeOf(answer)).toBe('Ticket transmis au groupe N2 Réseau (niveau N2). Vous le suivez : vous serez prévenu de ses changements.');
    await settle();

    const sent = sentSince(before);
    const escalatedSentence = `Ticket #${opened.number} escaladé vers N2 Réseau (niveau N2) par Théo Technicien : ${opened.title}`;
    expect(toldSorted(sent)).toEqual([
      { chat: N2_CHANNEL, said: escalatedSentence },
      { chat: createdChat(NADIA), said: escalatedSentence },
      { chat: personalChat(CAMILLE), said: `Votre demande #${opened.number} « ${opened.title} » a été transmise au groupe N2 Réseau.` },
    ]);
    const banner = `Théo Technicien a escaladé ce ticket de Support N1 vers N2 Réseau (niveau N2). Déjà tenté : ${summary}`;
    for (const chat of [N2_CHANNEL, createdChat(NADIA)]) expect(shown(noticeOf(sent.find((s) => s.chat === chat)!.card!))).toBe(banner);

    const stored = await ticketDoc(opened.number);
    expect(stored).toMatchObject({ groupId: 'reseau-n2', assignee: null, status: 'new', observers: [{ id: THEO.aadObjectId, name: THEO.name }] });
    expect(stored.escalation.supportLevel).toBe(2);
    expect(stored.followups.at(-1)).toMatchObject({ kind: 'escalation', visibility: 'private', text: summary, author: { id: THEO.aadObjectId } });
    expect(stored.history).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'supportLevel', from: 'N1', to: 'N2' })]));

    // ---- the ticket never vanishes from every queue: it is in N2's « groupe »
    expect(await queueNumbers(NADIA, 'groupe')).toContain(opened.number);

    // ---- the requester never reads the summary, anywhere
    const toCamille = [...env.connector.sent, ...env.connector.updated].filter((c) => chatOf(c.path) === personalChat(CAMILLE));
    expect(toCamille.filter((c) => JSON.stringify(c.body).includes('pare-feu du siège'))).toEqual([]);
    const camilleView = JSON.stringify(await invoke(click(CAMILLE, 'ticket.refresh', { number: opened.number }, { chat: personalChat(CAMILLE) })));
    expect(camilleView).toContain(opened.title);
    expect(camilleView).not.toContain('pare-feu du siège');

    // ---- Nadia takes it and answers: Théo, who follows it, hears of both
    const nadiaCard = cardIn(env.connector.sent.find((s) => chatOf(s.path) === createdChat(NADIA))!.body)!;
    const later = mark();
    const taken = await invoke(as(NADIA, 'ticket.take', actionData(nadiaCard, 'ticket.take')));
    await settle();
    expect(toldSorted(sentSince(later))).toEqual([
      { chat: createdChat(THEO), said: `#${opened.number} — Nadia Réseau a pris le ticket en charge.` },
      { chat: personalChat(CAMILLE), said: `Nadia Réseau a pris en charge votre ticket #${opened.number} « ${opened.title} ».` },
    ]);
    const reply = mark();
    const text = 'Règle du pare-feu corrigée, pouvez-vous réessayer ?';
    await invoke(as(NADIA, 'ticket.addFollowup', { ...actionData(taken, 'ticket.addFollowup'), followupText: text, private: 'false' }));
    await settle();
    expect(toldSorted(sentSince(reply))).toEqual([
      { chat: createdChat(THEO), said: `#${opened.number} — Nadia Réseau a ajouté un suivi : ${text}` },
      { chat: personalChat(CAMILLE), said: `Nadia Réseau a répondu sur votre ticket #${opened.number} : ${text}` },
    ]);
  });

  it('a technician outside the ticket’s groups, or its requester, gets no form and cannot escalate: the whole sentence, nothing changed', async () => {
    const opened = await openTicket('L’imprimante du 4e imprime des pages blanches.');
    const before = mark();
    for (const [user, chat] of [
      [NADIA, createdChat(NADIA)],
      [CAMILLE, personalChat(CAMILLE)],
    ] as const) {
      const form = await invoke(click(user, 'ticket.escalateForm', { number: opened.number, version: 1 }, { chat }));
      expect(noticeOf(form)).toBe(FORBIDDEN_ESCALATE);
      expect(inputNamed(form, 'escalationSummary')).toBeUndefined();
      expect(actionsOf(form, 'ticket.escalate')).toEqual([]);
      const crafted = await invoke(
        click(user, 'ticket.escalate', { number: opened.number, version: 1, targetGroupId: 'reseau-n2', escalationSummary: 'Rien tenté.' }, { chat }),
      );
      expect(noticeOf(crafted)).toBe(FORBIDDEN_ESCALATE);
    }
    await settle();
    expect(await ticketDoc(opened.number)).toMatchObject({ version: 1, groupId: 'support-n1', followups: [], observers: [] });
    expect(sentSince(before)).toEqual([]);
  });

  it('a wrong choice or no summary keeps the form with what was typed; a chosen technician of the group gets the ticket', async () => {
    const opened = await openTicket('Le partage réseau « Compta » est inaccessible.');
    await theoTakes(opened);
    const form = await invoke(as(THEO, 'ticket.escalateForm', { number: opened.number, version: 2 }));
    const submit = (fields: Record<string, string>) =>
      invoke(as(THEO, 'ticket.escalate', { ...actionData(form, 'ticket.escalate'), ...inputsOf(form), ...fields }));

    const notInGroup = await submit({ targetGroupId: 'systeme-n3', targetAssigneeId: NADIA.aadObjectId, escalationSummary: 'Droits NTFS vérifiés.' });
    expect(textsOf(notInGroup)[0]).toBe('Nadia Réseau ne fait pas partie du groupe N3 Système : rien n’a été enregistré.');
    expect(inputsOf(notInGroup)).toMatchObject({ targetGroupId: 'systeme-n3', targetAssigneeId: NADIA.aadObjectId, escalationSummary: 'Droits NTFS vérifiés.' });

    const noSummary = await submit({ targetGroupId: 'reseau-n2', targetAssigneeId: NADIA.aadObjectId, escalationSummary: '   ' });
    expect(textsOf(noSummary)[0]).toBe('Le résumé de ce qui a déjà été tenté est obligatoire : rien n’a été enregistré.');
    expect(inputsOf(noSummary)).toMatchObject({ targetGroupId: 'reseau-n2', targetAssigneeId: NADIA.aadObjectId });
    expect(await ticketDoc(opened.number)).toMatchObject({ version: 2, groupId: 'support-n1' });

    const before = mark();
    const done = await submit({ targetGroupId: 'reseau-n2', targetAssigneeId: NADIA.aadObjectId, escalationSummary: 'Droits NTFS vérifiés.' });
    expect(noticeOf(done)).toBe('Ticket transmis à Nadia Réseau (N2 Réseau, niveau N2). Vous le suivez : vous serez prévenu de ses changements.');
    await settle();
    expect(await ticketDoc(opened.number)).toMatchObject({ groupId: 'reseau-n2', assignee: { id: NADIA.aadObjectId }, status: 'assigned' });
    expect(toldSorted(sentSince(before)).map((m) => m.chat)).toEqual([N2_CHANNEL, createdChat(NADIA), personalChat(CAMILLE)]);
  });

  it('to a group with nobody on duty: its lead is told at once, and the ticket is in that group’s queue', async () => {
    const opened = await openTicket('Le serveur de fichiers redémarre tout seul la nuit.');
    await theoTakes(opened);
    await settle();
    const form = await invoke(as(THEO, 'ticket.escalateForm', { number: opened.number, version: 2 }));
    const before = mark();
    await invoke(as(THEO, 'ticket.escalate', { ...actionData(form, 'ticket.escalate'), targetGroupId: 'systeme-n3', escalationSummary: 'Journaux Windows relus : rien.' }));
    await settle();
    expect(toldSorted(sentSince(before))).toEqual([
      {
        chat: createdChat(SAM),
        said: `Le ticket #${opened.number} « ${opened.title} » a été confié à N3 Système par Théo Technicien, mais personne n’y est de garde : confiez-le à quelqu’un.`,
      },
      { chat: personalChat(CAMILLE), said: `Votre demande #${opened.number} « ${opened.title} » a été transmise au groupe N3 Système.` },
    ]);
    expect(await queueNumbers(SAM, 'groupe')).toContain(opened.number);
  });
});

describe('hierarchical escalation by hand: « Alerter le responsable »', () => {
  it('the lead is mentioned in the group’s channel (text and entity) and told 1:1; the reason stays in the ticket', async () => {
    const opened = await openTicket('Il me faut un accès au dossier RH pour la paie de demain.');
    await theoTakes(opened);
    await settle();
    const form = await invoke(as(THEO, 'ticket.alertLeadForm', { number: opened.number, version: 2 }));
    expect(textsOf(form)).toContain('L’alerte ira à Léa Lead, dans le canal du groupe s’il en a un et en conversation privée.');

    const empty = await invoke(as(THEO, 'ticket.alertLead', { ...actionData(form, 'ticket.alertLead'), leadReason: '  ' }));
    expect(textsOf(empty)[0]).toBe('La raison est obligatoire : rien n’a été enregistré.');
    expect(inputsOf(empty).leadReason).toBe('  ');
    expect((await ticketDoc(opened.number)).version).toBe(2);

    const reason = 'Accès au dossier RH : il faut l’accord du responsable, je n’ai pas les droits.';
    const before = mark();
    const answer = await invoke(as(THEO, 'ticket.alertLead', { ...actionData(form, 'ticket.alertLead'), leadReason: reason }));
    expect(noticeOf(answer)).toBe('Alerte envoyée à Léa Lead.');
    await settle();

    const request = `Théo Technicien demande votre aide sur le ticket #${opened.number} « ${opened.title} » : ${reason}`;
    const channelCalls = env.connector.sent.slice(before.sent).filter((s) => chatOf(s.path) === N1_CHANNEL);
    expect(channelCalls).toHaveLength(1);
    const [call] = channelCalls;
    expect(call.path).toMatch(new RegExp(`^/emea/v3/conversations/${encodeURIComponent(N1_CHANNEL)}/activities(/[^/]+)?$`));
    expect(call.body).toMatchObject({ type: 'message', summary: `Léa Lead, ${request}` });
    expect(call.body.text).toBeUndefined();
    expect(call.body.attachments).toEqual([
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          type: 'AdaptiveCard',
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          version: '1.5',
          body: [
            { type: 'TextBlock', text: `#${opened.number} — ${opened.title}`, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: `<at>Léa Lead</at>, ${request}`, wrap: true },
            {
              type: 'FactSet',
              facts: [
                { title: 'Groupe', value: 'Support N1' },
                { title: 'Statut', value: 'En cours (attribué)' },
                { title: 'Priorité', value: expect.any(String) },
                { title: 'Technicien', value: 'Théo Technicien' },
              ],
            },
          ],
          actions: [{ type: 'Action.Execute', title: 'Ouvrir', verb: 'ticket.view', data: { number: opened.number } }],
          msteams: { entities: [{ type: 'mention', text: '<at>Léa Lead</at>', mentioned: { id: `8:orgid:${LEA.aadObjectId}`, name: 'Léa Lead' } }] },
        },
      },
    ]);
    // the lead's own chat: the same request on the ticket card, nobody to mention there
    const toLea = sentSince(before).filter((s) => s.chat === createdChat(LEA));
    expect(told(toLea)).toEqual([{ chat: createdChat(LEA), said: request }]);
    expect(noticeOf(toLea[0].card!)).toBe(request);
    expect(JSON.stringify(toLea[0].card)).not.toContain('<at>');
    expect(toldSorted(sentSince(before)).map((m) => m.chat)).toEqual([N1_CHANNEL, createdChat(LEA)].sort());

    const stored = await ticketDoc(opened.number);
    expect(stored.followups.at(-1)).toMatchObject({ kind: 'leadAlert', visibility: 'private', text: reason });
    expect(stored.history.at(-1)).toMatchObject({ field: 'followups', actor: { id: THEO.aadObjectId } });
  });
});

describe('« Suivre / Ne plus suivre »', () => {
  it('an observer is told of others’ changes, never of their own, until they stop following; a requester may not follow', async () => {
    const opened = await openTicket('Mon second écran ne s’allume plus.');
    const taken = await theoTakes(opened);
    await settle();

    const followed = await invoke(as(TINA, 'ticket.follow', { number: opened.number, version: 2 }));
    expect(noticeOf(followed)).toBe(FOLLOWING);
    expect((await ticketDoc(opened.number)).observers).toEqual([{ id: TINA.aadObjectId, name: TINA.name }]);

    let before = mark();
    const first = 'Câble DisplayPort changé.';
    const afterFirst = await invoke(as(THEO, 'ticket.addFollowup', { ...actionData(taken, 'ticket.addFollowup'), followupText: first, private: 'true' }));
    await settle();
    expect(told(sentSince(before))).toEqual([{ chat: createdChat(TINA), said: `#${opened.number} — Théo Technicien a ajouté un suivi : ${first}` }]);

    // her own followup: the requester hears of it, she does not
    before = mark();
    await invoke(as(TINA, 'ticket.addFollowup', { number: opened.number, version: 4, followupText: 'Je passe voir l’écran.', private: 'false' }));
    await settle();
    expect(told(sentSince(before)).map((m) => m.chat)).toEqual([personalChat(CAMILLE)]);

    const unfollowed = await invoke(as(TINA, 'ticket.unfollow', { number: opened.number, version: 5 }));
    expect(noticeOf(unfollowed)).toBe('Vous ne suivez plus ce ticket.');
    before = mark();
    await invoke(as(THEO, 'ticket.addFollowup', { ...actionData(afterFirst, 'ticket.addFollowup'), followupText: 'Écran remplacé.', private: 'true' }));
    await settle();
    expect(sentSince(before)).toEqual([]);
    // the change did happen and was delivered: its posted copies were redrawn
    expect(updatedSince(before).length).toBeGreaterThan(0);

    const refused = await invoke(click(CAMILLE, 'ticket.follow', { number: opened.number, version: 7 }, { chat: personalChat(CAMILLE) }));
    expect(noticeOf(refused)).toBe('Seuls les techniciens, les responsables et les administrateurs peuvent suivre un ticket.');
    expect((await ticketDoc(opened.number)).observers).toEqual([]);
  });
});
