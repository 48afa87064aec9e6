import { describe, expect, it } from 'vitest';
import { PrepareTicketForm } from '../../src/app/prepare-ticket-form.use-case.js';
import type { Category } from '../../src/domain/category.js';
import { EMPTY_FORM, preparedFormCard, ticketFormCard } from '../../src/views/ticket-form.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { problemsOf } from '../support/adaptive-card-problems.js';
import { inputNamed, inputsOf, shown, textsOf, walk, type Card } from '../support/card-reading.js';

const tree = categories as Category[];
const DRAFT_ID = 'd0d0d0d0-0000-4000-8000-000000000000';
const prepare = new PrepareTicketForm(tree, () => DRAFT_ID);

const PRINTER = 'mon imprimante du 2e étage n’imprime plus depuis ce matin, toute l’équipe compta est bloquée';
const SCANNER = 'le scanner n’envoie plus vers mon courriel';

/** The subtle line drawn right under an input, as the user sees it (null: none). */
function lineUnder(card: Card, inputId: string): string | null {
  let line: string | null | undefined;
  walk(card, (node) => {
    for (const list of Object.values(node)) {
      if (line !== undefined || !Array.isArray(list)) continue;
      const at = list.findIndex((item: Card) => item?.id === inputId && String(item.type).startsWith('Input.'));
      if (at === -1) continue;
      const next = list[at + 1] as Card | undefined;
      line = next?.type === 'TextBlock' && next.isSubtle === true ? shown(String(next.text)) : null;
    }
  });
  if (line === undefined) throw new Error(`no input ${inputId}`);
  return line;
}

const linesUnder = (card: Card) => ({
  category: lineUnder(card, 'category'),
  urgency: lineUnder(card, 'urgency'),
  impact: lineUnder(card, 'impact'),
  location: lineUnder(card, 'location'),
});

describe('the requester’s form, prefilled from their message with why', () => {
  it('« toute l’équipe compta est bloquée » on the 2nd floor: impact 4 (the team), urgency 4 (blocked), location « 2e étage », the printer', () => {
    const card = preparedFormCard('fr', tree, prepare.execute(PRINTER));
    expect(problemsOf(card)).toEqual([]);
    expect(inputsOf(card)).toEqual({
      type: 'incident',
      title: 'Mon imprimante du 2e étage n’imprime plus depuis ce matin, toute l’équipe…',
      description: PRINTER,
      category: 'printing.printer',
      urgency: '4',
      impact: '4',
      location: '2e étage',
    });
    expect(inputNamed(card, 'impact')!.choices).toContainEqual({ title: '4 · Fort (mon service est gêné)', value: '4' });
    expect(linesUnder(card)).toEqual({
      category: 'Suggérée : votre message parle de « imprimante ».',
      urgency: 'Suggérée : votre travail est bloqué (« toute l’équipe compta est bloquée »).',
      impact: 'Suggéré : plusieurs personnes sont touchées (« toute l’équipe compta est bloquée »).',
      location: 'Repris de votre message : « 2e étage ».',
    });
  });

  it('« le scanner n’envoie plus vers mon courriel » is filed under the scanner it names first, not Messagerie > Outlook', () => {
    const card = preparedFormCard('fr', tree, prepare.execute(SCANNER));
    expect(problemsOf(card)).toEqual([]);
    expect(inputNamed(card, 'category')).toMatchObject({ value: 'printing.scanner' });
    expect(inputNamed(card, 'category')!.choices).toContainEqual({ title: 'Impression > Scanner', value: 'printing.scanner' });
    // nothing says when, who or where: no line under those fields, the defaults stay
    expect(linesUnder(card)).toEqual({ category: 'Suggérée : votre message parle de « scanner ».', urgency: null, impact: null, location: null });
    expect(inputsOf(card)).toMatchObject({ urgency: '3', impact: '3', location: '' });
  });

  it('in English: a deadline raises urgency, "only me" lowers impact, "office 214" is the location', () => {
    const message = 'My laptop in office 214 won’t start and I have a presentation before 3pm. Only me.';
    const card = preparedFormCard('en', tree, prepare.execute(message));
    expect(problemsOf(card)).toEqual([]);
    expect(inputsOf(card)).toMatchObject({ category: 'hardware.workstation', urgency: '4', impact: '2', location: 'office 214' });
    expect(linesUnder(card)).toEqual({
      category: 'Suggested: your message mentions "laptop".',
      urgency: 'Suggested: you mention a deadline ("My laptop in office 214 won’t start and I have a presentation before 3pm").',
      impact: 'Suggested: only one person is affected ("Only me").',
      location: 'Taken from your message: "office 214".',
    });
  });

  it('a message that suggests nothing shows no line under any field', () => {
    const card = preparedFormCard('fr', tree, prepare.execute('Bonjour, j’ai une question'));
    expect(linesUnder(card)).toEqual({ category: null, urgency: null, impact: null, location: null });
    expect(inputsOf(card)).toMatchObject({ category: '', urgency: '3', impact: '3', location: '' });
    expect(textsOf(card).map(shown)).toEqual(['Nouveau ticket', 'Vérifiez et complétez, puis créez le ticket.']);
  });

  it('« nouveau ticket » (no message): the blank form, no line under any field', () => {
    const card = preparedFormCard('en', tree, prepare.execute());
    expect(inputsOf(card)).toEqual({ ...EMPTY_FORM });
    expect(linesUnder(card)).toEqual({ category: null, urgency: null, impact: null, location: null });
  });

  it('a reason quotes the message as typed, never read as markdown', () => {
    const card = preparedFormCard('en', tree, prepare.execute('The printer in room **B-12 is jammed'));
    // the input holds what was typed; the line under it shows it, its marks escaped
    expect(inputNamed(card, 'location')).toMatchObject({ value: 'room **B-12' });
    expect(lineUnder(card, 'location')).toBe('Taken from your message: "room **B-12".');
    expect(textsOf(card)).toContain('Taken from your message: "room \\*\\*B-12".');
  });

  it('the form drawn again (a refusal, the message dialog) has no reason lines unless given some', () => {
    const card = ticketFormCard('fr', tree, { ...EMPTY_FORM, location: '2e étage', impact: '4' }, DRAFT_ID, ['Le titre manque.']);
    expect(problemsOf(card)).toEqual([]);
    expect(linesUnder(card)).toEqual({ category: null, urgency: null, impact: null, location: null });
  });
});
