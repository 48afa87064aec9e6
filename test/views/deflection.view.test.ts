import { describe, expect, it } from 'vitest';
import { PrepareTicketForm } from '../../src/app/prepare-ticket-form.use-case.js';
import type { Category } from '../../src/domain/category.js';
import { deflectionGoneCard, deflectionThanksCard } from '../../src/views/deflection-thanks.view.js';
import { OFFERED_SOLUTION_MAX, type OfferedArticle } from '../../src/views/deflection.view.js';
import { EMPTY_FORM, preparedFormCard } from '../../src/views/ticket-form.view.js';
import categories from '../../config/categories.json' with { type: 'json' };
import { problemsOf } from '../support/adaptive-card-problems.js';
import { actionData, buttonsOf, inputsOf, shown, textsOf, walk, type Card } from '../support/card-reading.js';

const tree = categories as Category[];
const DRAFT_ID = 'd0d0d0d0-0000-4000-8000-000000000000';
const prepare = new PrepareTicketForm(tree, () => DRAFT_ID);
const MESSAGE = 'Le VPN refuse ma connexion depuis ce matin';

const VPN: OfferedArticle = {
  id: 'art-vpn',
  title: 'VPN : « Connexion refusée »',
  snippet: 'Le client VPN affiche « Connexion refusée » au démarrage.',
  solution: 'Ouvrez le client VPN.\nChoisissez le profil « Siège ».\nReconnectez-vous.',
};
const PRINTER: OfferedArticle = { id: 'art-printer', title: 'Imprimante *hors ligne*', snippet: 'L’imprimante est hors ligne.', solution: 'Redémarrez-la.' };

/** the block of articles above the form, as a reader sees it: each title, snippet, hidden solution and buttons */
function offeredOn(card: Card) {
  const first = (card.body as Card[])[0];
  if (first.type !== 'Container') return null;
  const [heading, intro, ...articles] = first.items as Card[];
  return {
    heading: heading.text,
    intro: intro.text,
    articles: articles.map((container) => {
      const [title, snippet, solution, actionSet] = container.items as Card[];
      const actions = actionSet.actions as Card[];
      return {
        title: shown(String(title.text)),
        snippet: shown(String(snippet.text)),
        solution: { text: shown(String(solution.text)), hidden: solution.isVisible === false, id: solution.id },
        buttons: actions.map((action) => action.title),
        toggles: actions[0].targetElements,
        solved: { verb: actions[1].verb, data: actions[1].data, inputs: actions[1].associatedInputs },
      };
    }),
  };
}

const submitOf = (card: Card) => buttonsOf(card)[0];

describe('articles offered above the prefilled form', () => {
  it('« Ceci peut vous aider »: each article’s title, snippet, its solution behind « Voir la solution », « Ça a résolu mon problème »; the form below as usual', () => {
    const plain = preparedFormCard('fr', tree, prepare.execute(MESSAGE));
    const card = preparedFormCard('fr', tree, prepare.execute(MESSAGE), [VPN, PRINTER]);
    expect(problemsOf(card)).toEqual([]);
    expect(offeredOn(card)).toEqual({
      heading: 'Ceci peut vous aider',
      intro: 'Ces solutions correspondent à votre message. Si l’une d’elles règle le problème, inutile de créer un ticket.',
      articles: [
        {
          title: 'VPN : « Connexion refusée »',
          snippet: 'Le client VPN affiche « Connexion refusée » au démarrage.',
          solution: { text: 'Ouvrez le client VPN.\n\nChoisissez le profil « Siège ».\n\nReconnectez-vous.', hidden: true, id: 'deflection-solution-1' },
          buttons: ['Voir la solution', 'Ça a résolu mon problème'],
          toggles: ['deflection-solution-1'],
          solved: { verb: 'kb.deflect', data: { draftId: DRAFT_ID, articleId: 'art-vpn' }, inputs: 'auto' },
        },
        {
          title: 'Imprimante *hors ligne*',
          snippet: 'L’imprimante est hors ligne.',
          solution: { text: 'Redémarrez-la.', hidden: true, id: 'deflection-solution-2' },
          buttons: ['Voir la solution', 'Ça a résolu mon problème'],
          toggles: ['deflection-solution-2'],
          solved: { verb: 'kb.deflect', data: { draftId: DRAFT_ID, articleId: 'art-printer' }, inputs: 'auto' },
        },
      ],
    });
    // staff-written text is text: « *hors ligne* » is not turned into italics
    expect(JSON.stringify(card)).toContain('Imprimante \\\\*hors ligne\\\\*');
    // the same form, its button saying the ticket is the way round the articles
    expect(inputsOf(card)).toEqual(inputsOf(plain));
    expect(buttonsOf(card)).toEqual(['Créer le ticket quand même', 'Annuler']);
    expect(actionData(card, 'ticket.create')).toEqual({ draftId: DRAFT_ID });
  });

  it('in English, one language per card', () => {
    const card = preparedFormCard('en', tree, prepare.execute('The VPN refuses my connection since this morning'), [VPN]);
    expect(problemsOf(card)).toEqual([]);
    const offered = offeredOn(card)!;
    expect([offered.heading, offered.intro, ...offered.articles[0].buttons]).toEqual([
      'This might help',
      'These solutions match your message. If one of them fixes the problem, there is no need for a ticket.',
      'Show the solution',
      'That solved my problem',
    ]);
    expect(buttonsOf(card)).toEqual(['Create the ticket anyway', 'Cancel']);
  });

  it('no article: the form exactly as before, « Créer le ticket »', () => {
    const card = preparedFormCard('fr', tree, prepare.execute(MESSAGE), []);
    expect(card).toEqual(preparedFormCard('fr', tree, prepare.execute(MESSAGE)));
    expect(offeredOn(card)).toBeNull();
    expect(textsOf(card)[0]).toBe('Nouveau ticket');
    expect(submitOf(card)).toBe('Créer le ticket');
  });

  it('a long solution is cut on the offer (three sit on one card with the form), whole on the thank-you card', () => {
    const long = { ...VPN, solution: 'étape '.repeat(2_000).trim() };
    const offered = offeredOn(preparedFormCard('fr', tree, prepare.execute(MESSAGE), [long, long, long]))!;
    expect(offered.articles[0].solution.text).toBe(`${long.solution.slice(0, OFFERED_SOLUTION_MAX).trimEnd()}…`);
    const thanks = deflectionThanksCard('fr', long, DRAFT_ID, EMPTY_FORM);
    expect(textsOf(thanks)).toContain(long.solution);
  });
});

describe('the thank-you card', () => {
  const typed = { ...EMPTY_FORM, title: 'VPN refusé', description: MESSAGE, urgency: '4', location: '' };

  it('no ticket, the solution that worked, « Créer le ticket quand même » carrying the draft and what was typed', () => {
    const card = deflectionThanksCard('fr', VPN, DRAFT_ID, typed);
    expect(problemsOf(card)).toEqual([]);
    expect(textsOf(card).map(shown)).toEqual([
      'Tant mieux, problème réglé !',
      'Aucun ticket n’a été créé. Voici la solution qui a marché, si vous en avez de nouveau besoin.',
      'VPN : « Connexion refusée »',
      'Ouvrez le client VPN.\n\nChoisissez le profil « Siège ».\n\nReconnectez-vous.',
      'Le problème revient ? Votre formulaire est conservé : créez le ticket.',
    ]);
    expect(buttonsOf(card)).toEqual(['Créer le ticket quand même']);
    expect(actionData(card, 'ticket.deflectedForm')).toEqual({ draftId: DRAFT_ID, ...typed });
    let inputs = 0;
    walk(card, (node) => {
      if (String(node.type).startsWith('Input.')) inputs += 1;
    });
    expect(inputs).toBe(0);
  });

  it('the article was unpublished meanwhile: nothing counted, said so, the form still one click away', () => {
    for (const [language, title, text, button] of [
      ['fr', 'Article retiré', 'Cet article n’est plus publié. Rien n’a été compté : créez le ticket si le problème persiste, votre formulaire est conservé.', 'Créer le ticket quand même'],
      ['en', 'Article withdrawn', 'This article is no longer published. Nothing was counted: create the ticket if the problem remains, your form is kept.', 'Create the ticket anyway'],
    ] as const) {
      const card = deflectionGoneCard(language, DRAFT_ID, typed);
      expect(problemsOf(card)).toEqual([]);
      expect(textsOf(card).map(shown)).toEqual([title, text]);
      expect(buttonsOf(card)).toEqual([button]);
      expect(actionData(card, 'ticket.deflectedForm')).toEqual({ draftId: DRAFT_ID, ...typed });
    }
  });

  it('in English', () => {
    const card = deflectionThanksCard('en', VPN, DRAFT_ID, typed);
    expect(textsOf(card).map(shown)).toEqual([
      'Glad that fixed it!',
      'No ticket was created. Here is the solution that worked, should you need it again.',
      'VPN : « Connexion refusée »',
      'Ouvrez le client VPN.\n\nChoisissez le profil « Siège ».\n\nReconnectez-vous.',
      'Problem back? Your form is kept: create the ticket.',
    ]);
    expect(buttonsOf(card)).toEqual(['Create the ticket anyway']);
  });
});
