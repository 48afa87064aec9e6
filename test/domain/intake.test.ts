import { describe, expect, it } from 'vitest';
import { descriptionFromMessage, titleFromMessage } from '../../src/domain/intake.js';

const FRENCH_EXAMPLE =
  'Bonjour, je n\'arrive plus à me connecter à HorairePro : "Accès refusé. Contactez l\'administrateur." Je dois soumettre mes horaires avant mercredi 17h.';

describe('titleFromMessage', () => {
  it('turns the French chat example into a short title', () => {
    expect(titleFromMessage(FRENCH_EXAMPLE)).toBe("Je n'arrive plus à me connecter à HorairePro");
  });

  it.each([
    ["Hi, my laptop won't start. I already tried rebooting.", "My laptop won't start"],
    ['Hello! The VPN drops every 10 minutes.', 'The VPN drops every 10 minutes'],
    ['Good morning, Outlook keeps asking for my password', 'Outlook keeps asking for my password'],
    ['Dear IT team, please install Visio on my PC.', 'Please install Visio on my PC'],
    ['hey - excel crashes when I open the budget file', 'Excel crashes when I open the budget file'],
  ])('strips an English greeting: %j → %j', (message, title) => {
    expect(titleFromMessage(message)).toBe(title);
  });

  it.each([
    ['Salut ! Pourquoi Teams plante ? Depuis ce matin.', 'Pourquoi Teams plante'],
    ['Bonsoir. Mon écran reste noir.', 'Mon écran reste noir'],
    ['  coucou,   le   wifi   ne marche plus  ', 'Le wifi ne marche plus'],
  ])('strips a French greeting: %j → %j', (message, title) => {
    expect(titleFromMessage(message)).toBe(title);
  });

  it.each([
    ['Hier, mon poste ne démarre plus.', 'Hier, mon poste ne démarre plus'],
    ['High CPU usage on my laptop since the update.', 'High CPU usage on my laptop since the update'],
  ])('does not eat a word that merely starts like a greeting: %j → %j', (message, title) => {
    expect(titleFromMessage(message)).toBe(title);
  });

  it('keeps a message without greeting or punctuation as is, capitalised', () => {
    expect(titleFromMessage('imprimante bloquée au 2e étage')).toBe('Imprimante bloquée au 2e étage');
  });

  it('takes the first line of a multi-line chat message', () => {
    expect(titleFromMessage("Bonjour\nL'imprimante du 2e étage n'imprime plus\nMerci")).toBe(
      "L'imprimante du 2e étage n'imprime plus",
    );
  });

  describe('a long first sentence', () => {
    const message =
      'Bonjour, depuis la mise à jour de ce matin mon ordinateur portable redémarre tout seul toutes les dix minutes environ et je perds mon travail.';
    const title = titleFromMessage(message);

    it('is cut at a word boundary and marked with an ellipsis', () => {
      expect(title).toBe('Depuis la mise à jour de ce matin mon ordinateur portable redémarre tout seul…');
    });

    it('fits in 81 characters', () => {
      expect(title.length).toBeLessThanOrEqual(81);
    });

    it('never cuts inside a word', () => {
      const kept = title.slice(0, -1);
      const source = 'depuis' + message.slice(message.indexOf('depuis') + 'depuis'.length);
      expect(source.toLowerCase().startsWith(kept.toLowerCase())).toBe(true);
      expect(source.charAt(kept.length)).toBe(' ');
    });
  });

  it('a single 200-letter word is cut hard at 80 characters plus the ellipsis', () => {
    const title = titleFromMessage('x'.repeat(200));
    expect(title).toBe(`X${'x'.repeat(79)}…`);
    expect(title).toHaveLength(81);
  });

  it('an emoji across the 80th character is kept whole or left out, never halved', () => {
    const title = titleFromMessage(`${'x'.repeat(79)}😀 imprimante`);
    expect(title).toBe(`X${'x'.repeat(78)}…`);
  });

  it('a run of punctuation after the first word is part of the title, cut like any long word', () => {
    expect(titleFromMessage(`x${'!'.repeat(500)}y`)).toBe(`X${'!'.repeat(79)}…`);
    expect(titleFromMessage(`Panne${'!'.repeat(500)} Depuis ce matin.`)).toBe('Panne');
  });

  it('a first sentence of exactly 80 characters is not cut', () => {
    const sentence = `${'a'.repeat(39)} ${'b'.repeat(40)}`;
    expect(sentence).toHaveLength(80);
    expect(titleFromMessage(`${sentence}. Suite.`)).toBe(`A${sentence.slice(1)}`);
  });
});

describe('descriptionFromMessage', () => {
  it('keeps the whole message, greeting included, trimmed', () => {
    expect(descriptionFromMessage(`  ${FRENCH_EXAMPLE}\n`)).toBe(FRENCH_EXAMPLE);
  });

  it('cuts to the 20 000 characters a ticket can hold', () => {
    expect(descriptionFromMessage('d'.repeat(25_000))).toHaveLength(20_000);
  });

  it('does not keep half of an emoji at the cut', () => {
    expect(descriptionFromMessage(`${'d'.repeat(19_999)}😀`)).toBe('d'.repeat(19_999));
  });
});
