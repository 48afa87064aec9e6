import { describe, expect, it } from 'vitest';
import { CAMILLE, cardActionActivity, messageActivity } from '../support/activities.js';
import { createTestIssuer, TEST_TENANT_ID } from '../support/bot-auth.js';
import { actionData, inputsOf } from '../support/card-reading.js';
import { captureLogs } from '../support/captured-logs.js';
import { invokeCard, settle } from '../support/http-turns.js';
import { useTestDatabase } from '../support/mongo.js';
import { useAuthenticatedApp } from '../support/test-app.js';

const db = useTestDatabase();
const issuer = createTestIssuer();
// info: the level production runs at, where no token, secret or typed text may appear
const logs = captureLogs('info');
// turns tracked, as at debug or with metrics: every line of the turn carries its fields (at plain info, the turn's own line does)
const env = useAuthenticatedApp(db, issuer, { logger: logs.logger, trackTurns: true });

/** what Camille types: words that appear nowhere else (not in a card's labels, not in the code) */
const TYPED = "Bonjour, l'imprimante Zorglub-7 du bureau 214 n'imprime plus depuis la réunion de ce matin";

describe('structured logs of a real turn (signed JWT, production logger)', () => {
  it('are JSON lines carrying the activity id, tenant and verb or intent, and never the token, the app secret or what the user typed', async () => {
    logs.clear();
    const token = issuer.sign();
    const message = messageActivity(CAMILLE, TYPED);
    expect((await env.server.post(message, token)).status).toBe(200);
    const form = (env.connector.to(`a:personal-${CAMILLE.aadObjectId}`)[0].attachments as { content: unknown }[])[0].content;
    const click = cardActionActivity(CAMILLE, 'ticket.create', { ...actionData(form, 'ticket.create'), ...inputsOf(form) });
    const ticketCard = JSON.stringify(await invokeCard(env.server, token, click));
    expect(ticketCard).toContain('Zorglub-7');
    await settle(env.server.app);

    const output = logs.text();
    const lines = output.split('\n').filter((line) => line !== '');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.length).toBe(lines.length);

    const ofMessage = entries.filter((entry) => entry.activityId === message.id);
    expect(ofMessage.map((entry) => entry.msg)).toEqual(['turn']);
    // a sentence is first offered to the tickets waiting for a reply (none here: the form follows)
    expect(ofMessage[0]).toMatchObject({ level: 'info', tenant: TEST_TENANT_ID, type: 'message', intent: 'waitingTicketReply', status: 200 });

    const ofClick = entries.filter((entry) => entry.activityId === click.id);
    expect(ofClick.map((entry) => entry.msg)).toEqual(['TicketCreated #1 -→new', 'turn']);
    for (const entry of ofClick) expect(entry).toMatchObject({ tenant: TEST_TENANT_ID, type: 'invoke', verb: 'ticket.create' });
    expect(ofClick[0]).toMatchObject({ event: 'TicketCreated', ticket: 1, actor: CAMILLE.aadObjectId });

    // the whole output, every line, turn or not
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.split('.')[2]);
    expect(output).not.toContain('test-secret');
    expect(output).not.toContain('outbound-test-token');
    expect(output).not.toContain('Zorglub');
    expect(output).not.toContain('imprimante');
  });

  it('redacts tokens, secrets and text whatever a caller passes', () => {
    const own = captureLogs('debug');
    own.logger.info(
      {
        authorization: 'Bearer eyJ.secret.sig',
        headers: { authorization: 'Bearer eyJ.header.sig' },
        appPassword: 'pa55word',
        MicrosoftAppPassword: 'app-pa55',
        secret: 's3cret',
        token: 'tok-123',
        activity: { text: 'typed words', id: 'kept-id' },
        text: 'more typed words',
        err: Object.assign(new Error('boom'), { request: { headers: { authorization: 'Bearer leaked' } } }),
      },
      'checked',
    );
    const output = own.text();
    for (const hidden of ['eyJ', 'pa55', 's3cret', 'tok-123', 'typed words', 'leaked']) expect(output).not.toContain(hidden);
    expect(own.entries()[0]).toMatchObject({ msg: 'checked', activity: { id: 'kept-id', text: '[redacted]' }, err: { message: 'boom' } });
  });
});
