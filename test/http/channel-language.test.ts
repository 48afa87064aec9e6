import { describe, expect, it } from 'vitest';
import { CAMILLE, JORDAN, messageActivity, type TestUser } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';

const db = useTestDatabase();
const issuer = createTestIssuer();
// the helpdesk's language is French (GUICHET_DEFAULT_LOCALE, fr-FR by default)
const env = useAuthenticatedApp(db, issuer);
const CHANNEL = '19:general@thread.tacv2';

const inChannel = <T extends { conversation: { tenantId: string } }>(activity: T) => ({
  ...activity,
  conversation: { id: `${CHANNEL};messageid=1`, conversationType: 'channel', isGroup: true, tenantId: activity.conversation.tenantId },
});

async function texts(activity: object): Promise<string> {
  const before = env.connector.sent.length;
  expect((await env.server.post(activity, issuer.sign())).status).toBe(200);
  return JSON.stringify(env.connector.sent.slice(before).map((s) => s.body));
}

describe('a team channel speaks the team’s language, not the Teams client’s of whoever typed', () => {
  it('Guichet added to a team greets the channel in the helpdesk’s language, with what a channel is for', async () => {
    const installer: TestUser = { ...JORDAN };
    const install = { ...inChannel(messageActivity(installer, '')), type: 'installationUpdate', action: 'add', text: undefined };
    const sent = await texts({ ...install, conversation: { ...install.conversation, id: CHANNEL } });
    expect(sent).toContain('Guichet est installé dans ce canal');
    expect(sent).toContain('lier groupe');
    expect(sent).not.toContain('Welcome');
  });

  it('« aide » typed in a channel by someone whose Teams is in English is answered in French; "help" in English', async () => {
    const camilleInEnglish: TestUser = { ...CAMILLE, locale: 'en-US' };
    expect(await texts(inChannel(messageActivity(camilleInEnglish, '<at>Guichet</at> aide')))).toContain('Ce que je comprends');
    expect(await texts(inChannel(messageActivity(CAMILLE, '<at>Guichet</at> help')))).toContain('What I understand');
  });

  it('a word both languages type (« tickets ») is answered in the helpdesk’s language', async () => {
    const jordan = await texts(inChannel(messageActivity(JORDAN, '<at>Guichet</at> tickets')));
    expect(jordan).toContain('Mes tickets ouverts');
  });
});
