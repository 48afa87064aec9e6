import { describe, expect, it } from 'vitest';
import { CAMILLE, messageActivity, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useAuthenticatedApp(db, issuer);

// from test/fixtures/helpdesk.json
const ADELE: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000ad', name: 'Adèle Admin', locale: 'fr-FR' };
const THEO: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000a1', name: 'Théo Technicien', locale: 'fr-FR' };
const NADIA: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-0000000000b1', name: 'Nadia Réseau', locale: 'fr-FR' };
const LEA: TestUser = { aadObjectId: 'c0ffee00-0000-4000-8000-00000000001e', name: 'Léa Lead', locale: 'fr-FR' };

const inChannel = (activity: ReturnType<typeof messageActivity>) => ({
  ...activity,
  conversation: { id: '19:general@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true, tenantId: activity.conversation.tenantId },
});

async function say(activity: object): Promise<string> {
  const before = env.connector.sent.length;
  expect((await env.server.post(activity, issuer.sign())).status).toBe(200);
  return JSON.stringify(env.connector.sent.slice(before).map((s) => s.body));
}

/** The texts of the one card sent back: for a refusal, the error title and the sentence. */
async function refusal(activity: object): Promise<string[]> {
  const before = env.connector.sent.length;
  expect((await env.server.post(activity, issuer.sign())).status).toBe(200);
  const sent = env.connector.sent.slice(before).map((s) => s.body as { attachments?: { content: { body: { text: string }[] } }[] });
  expect(sent).toHaveLength(1);
  return (sent[0].attachments?.[0]?.content.body ?? []).map((block) => block.text);
}

async function search(user: TestUser, queryText: string): Promise<{ title: string; value: string }[]> {
  const activity = {
    ...messageActivity(user, ''),
    type: 'invoke',
    name: 'application/search',
    value: { queryText, dataset: 'guichet.technicians', queryOptions: { skip: 0, top: 15 } },
  };
  const response = await env.server.post(activity, issuer.sign());
  expect(response.status).toBe(200);
  return (response.body as { value: { results: { title: string; value: string }[] } }).value.results;
}

describe('admin and lead commands', () => {
  it('« échecs » lists undelivered notifications to an admin, and to nobody else', async () => {
    expect(await say(messageActivity(ADELE, 'échecs'))).toContain('Notifications non délivrées');
    const failuresRefused = ['Oups', 'Seuls les responsables et les administrateurs voient les notifications en échec.'];
    expect(await refusal(messageActivity(CAMILLE, 'échecs'))).toEqual(failuresRefused);
    // a technician is staff but not told "…on this ticket": the sentence says what was refused
    expect(await refusal(messageActivity(THEO, 'échecs'))).toEqual(failuresRefused);
    expect(await say(messageActivity(LEA, 'échecs'))).toContain('Notifications non délivrées');
  });

  it('« lier groupe » works only in a channel, only for the lead or an admin, and links the channel itself', async () => {
    expect(await say(messageActivity(ADELE, 'lier groupe support-n1'))).toContain('dans le canal Teams du groupe');
    const linkRefused = ['Oups', 'Seuls le responsable du groupe et les administrateurs peuvent lier un canal à ce groupe.'];
    expect(await refusal(inChannel(messageActivity(CAMILLE, '<at>Guichet</at> lier groupe support-n1')))).toEqual(linkRefused);
    // Léa leads Support N1, not N2 Réseau
    expect(await refusal(inChannel(messageActivity(LEA, '<at>Guichet</at> lier groupe reseau-n2')))).toEqual(linkRefused);
    expect(await refusal(inChannel(messageActivity(ADELE, '<at>Guichet</at> lier groupe nope')))).toEqual([
      'Oups',
      'Le groupe « nope » n’existe pas.',
    ]);
    expect(await say(inChannel(messageActivity(ADELE, '<at>Guichet</at> lier groupe reseau-n2')))).toContain(
      'Ce canal reçoit désormais les tickets du groupe N2 Réseau',
    );
    const group = await db().collection('groups').findOne({ id: 'reseau-n2' });
    expect((group?.channel as { conversation: { id: string } }).conversation.id).toBe('19:general@thread.tacv2');
  });

  it('« lier groupe » is answered in the language of the command, whatever the Teams client of whoever typed it', async () => {
    const adeleInEnglish: TestUser = { ...ADELE, locale: 'en-US' };
    expect(await say(inChannel(messageActivity(adeleInEnglish, '<at>Guichet</at> lier groupe reseau-n2')))).toContain(
      'Ce canal reçoit désormais les tickets du groupe N2 Réseau.',
    );
    expect(await refusal(inChannel(messageActivity(adeleInEnglish, '<at>Guichet</at> lier groupe nope')))).toEqual(['Oups', 'Le groupe « nope » n’existe pas.']);
    expect(await say(inChannel(messageActivity(ADELE, '<at>Guichet</at> link group reseau-n2')))).toContain(
      'New tickets of group L2 Network will now be posted in this channel.',
    );
  });

  it('a ticket is opened in a personal chat, not in a channel where anyone could submit the form', async () => {
    const answer = await say(inChannel(messageActivity(CAMILLE, '<at>Guichet</at> mon écran est noir')));
    expect(answer).toContain('écrivez-moi en conversation privée');
    expect(answer).not.toContain('Créer le ticket');
  });
});

describe('the « Assigner… » typeahead', () => {
  it('offers a technician the technicians of their own groups, by name', async () => {
    expect((await search(THEO, 't')).map((r) => r.title)).toEqual(['Off Duty', 'Théo Technicien', 'Tina Tech']);
    expect((await search(THEO, 'théo')).map((r) => r.title)).toEqual(['Théo Technicien']);
    expect((await search(NADIA, '')).map((r) => r.title)).toEqual(['Nadia Réseau']);
  });

  it('offers an admin everyone, and an employee no one', async () => {
    expect((await search(ADELE, '')).map((r) => r.title)).toEqual(['Nadia Réseau', 'Off Duty', 'Théo Technicien', 'Tina Tech']);
    expect(await search(CAMILLE, '')).toEqual([]);
  });
});
