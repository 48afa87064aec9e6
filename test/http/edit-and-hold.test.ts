import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/views/format.js';
import { CAMILLE, messageActivity, personalChat, THEO } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, actionsOf, factsOf, inputsOf, noticeOf, textsOf, walk, type Card } from '../support/card-reading.js';
import { chatOf, clickIn, invokeCard, postedSince, settle as settleOutbox, told } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { createdChat, useFreshAppPerTest } from '../support/test-app.js';

/**
 * Issue 10 points 1 and 2 through the real server (signed requests in, Bot Connector nocked,
 * the real dispatcher and clock): a technician corrects the classification and the priority
 * and due times follow, edits and closes his tasks, puts a ticket on hold until a date and the
 * clock resumes it then; the requester may do none of it.
 */

const PARIS = 'Europe/Paris';

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useFreshAppPerTest(db, issuer, { dispatcher: { pollMs: 50, baseDelayMs: 50 } });

const invoke = (activity: object) => invokeCard(env.server, issuer.sign(), activity);
const settle = () => settleOutbox(env.server.app);
const mark = () => ({ sent: env.connector.sent.length, updated: env.connector.updated.length });
const sentSince = (m: { sent: number }) => postedSince(env.connector, m.sent);
const updatedSince = (m: { updated: number }) => env.connector.updated.slice(m.updated).map((u) => ({ chat: chatOf(u.path), card: (u.body.attachments as { content: Card }[])[0].content }));
const ticketDoc = async (number: number) => (await db().collection('tickets').findOne({ number })) as Record<string, any>;

/** the SLA lines of a ticket card, as read: « Résolution avant le … · Dans les temps » */
function slaOf(card: Card): string[] {
  const lines: string[] = [];
  walk(card, (node) => {
    if (node.type === 'RichTextBlock') lines.push((node.inlines as { text: string }[]).map((run) => run.text).join(''));
  });
  return lines;
}
/** the priority, beside the status under the title */
const priorityOf = (card: Card) => textsOf((card.body as Card[]).filter((element) => element.type === 'ColumnSet')[1])[1];
/** each followup's text, oldest first (headings left out) */
function timelineOf(card: Card): string[] {
  const timeline = (card.body as Card[]).find((element) => element.type === 'Container' && textsOf(element)[0] === 'Suivis');
  return ((timeline?.items ?? []) as Card[]).slice(1).map((entry) => textsOf(entry)[1]);
}

interface Opened {
  readonly number: number;
  /** the card the dispatcher posted in Théo's 1:1 */
  readonly theoCardId: string;
  /** Camille's own card (the form she created the ticket on) */
  readonly camilleCardId: string;
}

async function openTicket(text: string): Promise<Opened> {
  const before = mark();
  expect((await env.server.post(messageActivity(CAMILLE, text), issuer.sign())).status).toBe(200);
  const [form] = sentSince(before);
  const data = { ...actionData(form.card, 'ticket.create'), ...inputsOf(form.card) };
  const created = await invoke(clickIn(CAMILLE, 'ticket.create', data, { chat: personalChat(CAMILLE), cardId: form.id }));
  const number = Number(actionData(created, 'ticket.refresh').number);
  await settle();
  const theoCard = sentSince(before).find((s) => s.chat === createdChat(THEO))!;
  return { number, theoCardId: theoCard.id, camilleCardId: form.id };
}

const asTheo = (opened: Opened, verb: string, data: Record<string, unknown>) => clickIn(THEO, verb, data, { chat: createdChat(THEO), cardId: opened.theoCardId });
const asCamille = (opened: Opened, verb: string, data: Record<string, unknown>) =>
  clickIn(CAMILLE, verb, data, { chat: personalChat(CAMILLE), cardId: opened.camilleCardId });

/** Théo takes the ticket from his card; the card he then holds */
async function take(opened: Opened): Promise<Card> {
  const taken = await invoke(asTheo(opened, 'ticket.take', { number: opened.number, version: 1 }));
  await settle();
  return taken;
}

describe('« Modifier… »: the classification corrected, the priority and the due times follow', () => {
  it('urgency and impact raised: Théo’s card shows the new priority and the new due time, the history keeps old → new, Camille’s copy follows', async () => {
    const opened = await openTicket('Le VPN refuse ma connexion depuis ce matin.');
    const taken = await take(opened);
    const before = await ticketDoc(opened.number);
    expect(before).toMatchObject({ urgency: 3, impact: 3, priority: 3 });
    const oldResolve = `Résolution avant le ${formatDateTime(before.sla.resolve.dueAt, 'fr', PARIS)}`;
    expect(slaOf(taken)[1]).toBe(`${oldResolve} · Dans les temps`);
    expect(priorityOf(taken)).toBe('Priorité : Moyenne');

    // the form, prefilled with the ticket
    const form = await invoke(asTheo(opened, 'ticket.editForm', actionData(taken, 'ticket.editForm')));
    expect(textsOf(form)[0]).toBe(`Modifier le ticket #${opened.number}`);
    expect(inputsOf(form)).toEqual({ title: before.title, type: 'incident', category: before.categoryId ?? '', urgency: '3', impact: '3' });

    const m = mark();
    const edited = await invoke(
      asTheo(opened, 'ticket.edit', { ...actionData(form, 'ticket.edit'), ...inputsOf(form), title: 'VPN refusé pour tout le service', type: 'incident', urgency: '5', impact: '5' }),
    );
    const after = await ticketDoc(opened.number);
    expect(after).toMatchObject({ title: 'VPN refusé pour tout le service', urgency: 5, impact: 5, priority: 5, version: before.version + 1 });
    const newResolve = `Résolution avant le ${formatDateTime(after.sla.resolve.dueAt, 'fr', PARIS)}`;
    expect(newResolve).not.toBe(oldResolve);
    expect(after.sla.resolve.dueAt.getTime()).toBeLessThan(before.sla.resolve.dueAt.getTime());
    expect(noticeOf(edited)).toBe('Ticket modifié : la priorité et les échéances ont suivi.');
    expect(textsOf(edited)[2]).toBe('VPN refusé pour tout le service');
    expect(priorityOf(edited)).toBe('Priorité : Très haute');
    // taken in time: time to own is met; time to resolve runs to the priority's shorter target
    expect(slaOf(edited)).toEqual([`Prise en charge avant le ${formatDateTime(after.sla.own.dueAt, 'fr', PARIS)} · Respecté`, `${newResolve} · Dans les temps`]);
    const changes = (after.history as { field: string; from: string; to: string; actor: { id: string } }[])
      .filter((h) => h.actor.id === THEO.aadObjectId && ['title', 'urgency', 'impact', 'priority'].includes(h.field))
      .map(({ field, from, to }) => ({ field, from, to }));
    expect(changes).toEqual([
      { field: 'title', from: before.title, to: 'VPN refusé pour tout le service' },
      { field: 'urgency', from: '3', to: '5' },
      { field: 'impact', from: '3', to: '5' },
      { field: 'priority', from: '3', to: '5' },
    ]);
    // every posted copy is redrawn: Camille reads the new priority and due time on her own card
    await settle();
    const camilleCopy = updatedSince(m).find((u) => u.chat === personalChat(CAMILLE));
    expect(camilleCopy).toBeDefined();
    expect(priorityOf(camilleCopy!.card)).toBe('Priorité : Très haute');
    expect(slaOf(camilleCopy!.card)[1]).toBe(`${newResolve} · Dans les temps`);
  });

  it('refused on the form (a blank title, a category not in the tree), it comes back with what was typed and why; nothing saved', async () => {
    const opened = await openTicket('L’écran du poste 12 clignote.');
    const taken = await take(opened);
    const form = await invoke(asTheo(opened, 'ticket.editForm', actionData(taken, 'ticket.editForm')));
    const version = (await ticketDoc(opened.number)).version;

    const blank = await invoke(asTheo(opened, 'ticket.edit', { ...actionData(form, 'ticket.edit'), title: '   ', type: 'request', category: '', urgency: '4', impact: '2' }));
    expect(textsOf(blank)[0]).toBe('Le titre est obligatoire : rien n’a été enregistré.');
    expect(inputsOf(blank)).toEqual({ title: '   ', type: 'request', category: '', urgency: '4', impact: '2' });

    const unknown = await invoke(asTheo(opened, 'ticket.edit', { ...actionData(form, 'ticket.edit'), title: 'Écran', type: 'incident', category: 'nowhere.at.all', urgency: '4', impact: '2' }));
    expect(textsOf(unknown)[0]).toBe('Cette catégorie n’existe pas : choisissez-en une dans la liste. Rien n’a été enregistré.');
    expect(inputsOf(unknown)).toMatchObject({ title: 'Écran', category: 'nowhere.at.all', urgency: '4' });
    expect((await ticketDoc(opened.number)).version).toBe(version);
  });

  it('a requester cannot edit: no button on her card, the form is not opened, a forged submit is refused with the whole sentence', async () => {
    const opened = await openTicket('Mon badge n’ouvre plus la porte du 3e.');
    await take(opened);
    const doc = await ticketDoc(opened.number);
    const ref = { number: opened.number, version: doc.version };
    const own = await invoke(asCamille(opened, 'ticket.view', { number: opened.number }));
    expect(actionsOf(own, 'ticket.editForm')).toEqual([]);
    expect(actionsOf(own, 'ticket.editTaskForm')).toEqual([]);

    const REFUSED = 'Seuls les techniciens du groupe du ticket, les responsables et les administrateurs peuvent modifier ce ticket.';
    const noForm = await invoke(asCamille(opened, 'ticket.editForm', ref));
    expect(noticeOf(noForm)).toBe(REFUSED);
    expect(inputsOf(noForm).title).toBeUndefined();
    const forged = await invoke(asCamille(opened, 'ticket.edit', { ...ref, title: 'Urgent !!!', type: 'incident', category: '', urgency: '5', impact: '5' }));
    expect(noticeOf(forged)).toBe(REFUSED);
    expect(await ticketDoc(opened.number)).toMatchObject({ version: doc.version, title: doc.title, urgency: doc.urgency, priority: doc.priority });
  });
});

describe('tasks edited and marked done, their duration adjusted at the end (seed 003)', () => {
  it('Théo adjusts a task’s duration as he marks it done on its form, and closes another in one click', async () => {
    const opened = await openTicket('Installer le logiciel de comptabilité sur le poste de Marc.');
    const taken = await take(opened);
    const first = await invoke(asTheo(opened, 'ticket.addTask', { ...actionData(taken, 'ticket.addTask'), taskDescription: 'Télécharger l’installeur', taskStatus: 'todo', durationMinutes: 30 }));
    const card = await invoke(asTheo(opened, 'ticket.addTask', { ...actionData(first, 'ticket.addTask'), taskDescription: 'Installer et activer la licence', taskStatus: 'todo', durationMinutes: 20 }));
    const [download, install] = (await ticketDoc(opened.number)).tasks as { id: string }[];
    expect(actionsOf(card, 'ticket.editTaskForm').map((d) => d.taskId)).toEqual([download.id, install.id]);
    expect(actionsOf(card, 'ticket.editTask').map((d) => d.taskId)).toEqual([download.id, install.id]);

    // « Modifier… »: the form, then done, 45 minutes rather than the 30 planned
    const form = await invoke(asTheo(opened, 'ticket.editTaskForm', actionsOf(card, 'ticket.editTaskForm')[0]));
    expect(inputsOf(form)).toEqual({ taskDescription: 'Télécharger l’installeur', taskStatus: 'todo', durationMinutes: 30 });
    const blank = await invoke(asTheo(opened, 'ticket.editTask', { ...actionData(form, 'ticket.editTask'), taskDescription: ' ', taskStatus: 'done', durationMinutes: '45' }));
    expect(textsOf(blank)[0]).toBe('La description de la tâche est obligatoire : rien n’a été enregistré.');
    expect(inputsOf(blank)).toEqual({ taskDescription: ' ', taskStatus: 'done', durationMinutes: 45 });
    const done = await invoke(
      asTheo(opened, 'ticket.editTask', { ...actionData(form, 'ticket.editTask'), taskDescription: 'Télécharger l’installeur (v12)', taskStatus: 'done', durationMinutes: '45' }),
    );
    expect(noticeOf(done)).toBe('Tâche modifiée.');
    expect(textsOf(done)).toContain('☑ Télécharger l’installeur (v12) · 45 min');

    // « Marquer comme fait » on the other: done, its duration kept
    const clicked = await invoke(asTheo(opened, 'ticket.editTask', actionsOf(done, 'ticket.editTask')[0]));
    expect(noticeOf(clicked)).toBe('Tâche marquée comme faite.');
    expect(textsOf(clicked)).toContain('☑ Installer et activer la licence · 20 min');
    expect(actionsOf(clicked, 'ticket.editTask')).toEqual([]);

    const stored = await ticketDoc(opened.number);
    expect(stored.tasks.map((t: Record<string, unknown>) => [t.description, t.status, t.durationMinutes])).toEqual([
      ['Télécharger l’installeur (v12)', 'done', 45],
      ['Installer et activer la licence', 'done', 20],
    ]);
    const minutes = (stored.history as { field: string; from: string; to: string }[]).filter((h) => h.field === 'taskMinutes').map((h) => `${h.from}→${h.to}`);
    expect(minutes).toEqual(['0→30', '30→50', '50→65']);
  });
});

describe('« Mettre en attente » until a date: the clock resumes the ticket then and tells the assignee', () => {
  it('a past date is refused with the typed text kept; a date to come is kept, the clock resumes the ticket at it, hold and resume stay in the timeline', async () => {
    const opened = await openTicket('Le téléphone de l’accueil n’a plus de tonalité.');
    const taken = await take(opened);
    const reason = 'Intervention de l’opérateur prévue';

    // in the past: refused, what he typed is back in the form
    const past = await invoke(asTheo(opened, 'ticket.wait', { ...actionData(taken, 'ticket.wait'), reason, untilDate: '2020-01-06', untilTime: '10:00' }));
    expect(noticeOf(past)).toBe('La date de reprise doit être dans le futur : rien n’a été enregistré.');
    expect(inputsOf(past)).toMatchObject({ reason, untilDate: '2020-01-06', untilTime: '10:00' });
    expect((await ticketDoc(opened.number)).status).toBe('assigned');

    // two days from now, 10:00 in Théo's time zone (Paris)
    const date = DateTime.now().setZone(PARIS).plus({ days: 2 }).toISODate()!;
    const until = DateTime.fromISO(`${date}T10:00`, { zone: PARIS }).toJSDate();
    let m = mark();
    const held = await invoke(asTheo(opened, 'ticket.wait', { ...actionData(past, 'ticket.wait'), reason, untilDate: date, untilTime: '10:00' }));
    const holdLine = `Mis en attente : ${reason} (jusqu’au ${formatDateTime(until, 'fr', PARIS)})`;
    expect(formatDateTime(until, 'fr', PARIS)).toMatch(/, 10:00$/);
    expect(timelineOf(held).at(-1)).toBe(holdLine);
    expect(slaOf(held)[1]).toBe('Résolution · En pause');
    expect(await ticketDoc(opened.number)).toMatchObject({ status: 'pending', pendingUntil: until, pendingReason: reason });
    await settle();
    expect(told(sentSince(m))).toEqual([{ chat: personalChat(CAMILLE), said: `Votre ticket #${opened.number} est en attente : ${reason}` }]);

    // the clock, before the date: nothing; once the date has come (the two days go by: the
    // due time is moved, the clock keeps reading the real time): resumed by the system, Théo told
    await env.server.app.clock.tick();
    expect((await ticketDoc(opened.number)).status).toBe('pending');
    await db().collection('tickets').updateOne({ number: opened.number }, { $set: { pendingUntil: new Date(Date.now() - 1_000) } });
    m = mark();
    await env.server.app.clock.tick();
    await settle();
    const resumed = await ticketDoc(opened.number);
    expect(resumed).toMatchObject({ status: 'assigned', pendingUntil: null, pendingReason: null });
    expect(resumed.followups.map((f: { kind: string; author: { id: string }; text: string }) => [f.kind, f.author.id, f.text])).toEqual([
      ['takenInCharge', THEO.aadObjectId, ''],
      ['hold', THEO.aadObjectId, reason],
      ['resume', 'system', ''],
    ]);
    const sent = sentSince(m);
    expect(told(sent).filter((s) => s.chat === createdChat(THEO))).toEqual([
      { chat: createdChat(THEO), said: `La date de reprise du ticket #${opened.number} est arrivée : il est de nouveau à traiter.` },
    ]);
    expect(told(sent).filter((s) => s.chat === personalChat(CAMILLE))).toEqual([
      { chat: personalChat(CAMILLE), said: `Le traitement de votre ticket #${opened.number} a repris.` },
    ]);

    // the timeline keeps the hold with its reason and date, and the clock's resumption, for both of them
    const camilleCopy = updatedSince(m).filter((u) => u.chat === personalChat(CAMILLE)).at(-1)!.card;
    expect(timelineOf(camilleCopy).slice(-2)).toEqual([holdLine, 'Repris automatiquement à la date prévue']);
    // the bot opened Théo's 1:1 itself and was never told his zone there: his copy reads in UTC
    const theoCopy = updatedSince(m).filter((u) => u.chat === createdChat(THEO)).at(-1)!.card;
    const holdLineUtc = `Mis en attente : ${reason} (jusqu’au ${formatDateTime(until, 'fr', undefined)})`;
    expect(timelineOf(theoCopy).slice(-2)).toEqual([holdLineUtc, 'Repris automatiquement à la date prévue']);
    expect(factsOf(theoCopy)['En attente de']).toBeUndefined();
  });

  it('Théo resumes by hand with a word on why: it stays in the timeline after the hold', async () => {
    const opened = await openTicket('La borne Wi-Fi du 1er étage ne s’allume plus.');
    const taken = await take(opened);
    const held = await invoke(asTheo(opened, 'ticket.wait', { ...actionData(taken, 'ticket.wait'), reason: 'Borne de remplacement commandée' }));
    expect(timelineOf(held).at(-1)).toBe('Mis en attente : Borne de remplacement commandée');
    const back = await invoke(asTheo(opened, 'ticket.resume', { ...actionData(held, 'ticket.resume'), resumeReason: 'Borne reçue plus tôt que prévu' }));
    expect(timelineOf(back).slice(-2)).toEqual(['Mis en attente : Borne de remplacement commandée', 'Repris : Borne reçue plus tôt que prévu']);
    expect((await ticketDoc(opened.number)).status).toBe('assigned');
  });
});
