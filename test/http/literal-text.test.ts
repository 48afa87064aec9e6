import { describe, expect, it } from 'vitest';
import { CAMILLE, cardActionActivity, messageActivity } from '../support/activities.js';
import { createTestIssuer } from '../support/bot-auth.js';
import { actionData, cardIn, inputsOf, textsOf, type Card } from '../support/card-reading.js';
import { settle as settleOutbox } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { useFreshAppPerTest } from '../support/test-app.js';

/**
 * A title written as markdown, through the real server: the requester's card and the
 * channel's card show it as text (escaped for Teams' markdown), not as a link.
 */

const CHANNEL = '19:support-n1@thread.tacv2';
const CAMILLE_CHAT = `a:personal-${CAMILLE.aadObjectId}`;

const db = useTestDatabase();
const issuer = createTestIssuer();
const env = useFreshAppPerTest(db, issuer, { dispatcher: { pollMs: 50, baseDelayMs: 50 } });

/** waits until the outbox is empty: everything queued so far was delivered */
const settle = () => settleOutbox(env.server.app);

describe('user text is shown as text on the cards, through /api/messages', () => {
  it('a title written as a markdown link and bold reads as typed on the requester’s card and the channel’s card', async () => {
    const title = '[clic](https://evil.example) **gras** <at>x</at>';
    // what Teams shows for it: each mark after a backslash is the mark itself
    const escaped = '\\[clic\\](https://evil.example) \\*\\*gras\\*\\* \\<at>x\\</at>';

    await env.server.post(messageActivity(CAMILLE, 'Mon écran reste noir depuis ce matin'), issuer.sign());
    expect(env.connector.sent[0].path).toContain(encodeURIComponent(CAMILLE_CHAT));
    const form = cardIn(env.connector.sent[0].body);
    const create = cardActionActivity(CAMILLE, 'ticket.create', {
      ...actionData(form, 'ticket.create'),
      ...inputsOf(form),
      title,
      description: '- liste\n1. liste\n![img](https://evil.example/x.png)',
    });
    const response = await env.server.post({ ...create, replyToId: 'sent-1' }, issuer.sign());
    expect(response.status).toBe(200);
    const requesterCard = (response.body as { value: Card }).value;
    expect(textsOf(requesterCard)).toContain(escaped);
    expect(textsOf(requesterCard)).toContain('\\- liste\n\n1\\. liste\n\n!\\[img\\](https://evil.example/x.png)');
    expect(JSON.stringify(requesterCard)).not.toContain('[clic](');

    await settle();
    const posted = env.connector.sent.find((s) => s.path.includes(`/v3/conversations/${encodeURIComponent(CHANNEL)}/activities`));
    expect(posted).toBeDefined();
    const channelCard = cardIn(posted!.body);
    expect(textsOf(channelCard)).toContain(escaped);
    expect(JSON.stringify(channelCard)).not.toContain('[clic](');
    // the activity feed's summary is plain text: the title as typed
    expect(posted!.body.summary).toContain(title);
  });
});
