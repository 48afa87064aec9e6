import { describe, expect, it } from 'vitest';
import { channelLanguage, commandLanguage } from '../../src/bot/intents/channel-language.js';
import { chatMessageOf } from '../../src/bot/message-commands.js';

const keyOf = (typed: string) => chatMessageOf(typed, 'channel').key;

describe('the language of a command typed in a channel', () => {
  it('is the one its words speak, whatever follows them', () => {
    expect(commandLanguage(keyOf('<at>Guichet</at> lier groupe support-n1'))).toBe('fr');
    expect(commandLanguage(keyOf('<at>Guichet</at> link group support-n1'))).toBe('en');
    expect(commandLanguage(keyOf('Mes tickets'))).toBe('fr');
    expect(commandLanguage(keyOf('à traiter'))).toBe('fr');
    expect(commandLanguage(keyOf('to do'))).toBe('en');
    // « groupe » is not "group" followed by an « e »
    expect(commandLanguage(keyOf('groupe'))).toBe('fr');
    expect(commandLanguage(keyOf('group'))).toBe('en');
  });

  it('says nothing for the words both languages type, nor for what is no command', () => {
    expect(commandLanguage(keyOf('tickets'))).toBeNull();
    expect(commandLanguage(keyOf('global'))).toBeNull();
    expect(commandLanguage(keyOf('?'))).toBeNull();
    expect(commandLanguage(keyOf('grupe'))).toBeNull();
  });

  it('falls back on the text’s own language, then on the helpdesk’s', () => {
    expect(channelLanguage(keyOf('tickets'), 'fr-FR')).toBe('fr');
    expect(channelLanguage(keyOf('tickets'), 'en-US')).toBe('en');
    expect(channelLanguage(keyOf('my printer is broken'), 'fr-FR', (text) => (text.includes('printer') ? 'en' : null))).toBe('en');
    expect(channelLanguage(keyOf('link group n1'), 'fr-FR', () => 'fr')).toBe('en');
  });
});
