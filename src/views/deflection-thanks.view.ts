import thanksTemplate from '../../cards/deflection-thanks.card.json' with { type: 'json' };
import { TICKET_LIMITS } from '../domain/ticket.js';
import { cutAt } from '../domain/text.js';
import type { OfferedArticle } from './deflection.view.js';
import { t, type Language } from './i18n.js';
import { cardLines, plainText } from './plain-text.js';
import { renderCard } from './render-card.js';
import type { TicketFormValues } from './ticket-form.view.js';

/** Form values as a card may carry them back: strings cut at the ticket's own limits. */
function keptValues(values: TicketFormValues): TicketFormValues {
  return {
    type: cutAt(values.type, 20),
    title: cutAt(values.title, TICKET_LIMITS.titleMax),
    description: cutAt(values.description, TICKET_LIMITS.descriptionMax),
    category: cutAt(values.category, 100),
    urgency: cutAt(values.urgency, 10),
    impact: cutAt(values.impact, 10),
    location: cutAt(values.location, TICKET_LIMITS.locationMax),
  };
}

/**
 * « Ça a résolu mon problème »: no ticket, the solution that worked kept on the card, and
 * « Créer le ticket quand même » carrying the form as it was (same draft, what was typed).
 */
export function deflectionThanksCard(
  language: Language,
  article: Pick<OfferedArticle, 'title' | 'solution'>,
  draftId: string,
  values: TicketFormValues,
) {
  return renderCard(thanksTemplate, {
    draftId,
    values: keptValues(values),
    color: 'Good',
    article: { title: plainText(article.title), solution: cardLines(plainText(article.solution)) },
    labels: {
      title: t(language, 'deflection.thanks.title'),
      text: t(language, 'deflection.thanks.text'),
      again: t(language, 'deflection.thanks.again'),
      createAnyway: t(language, 'deflection.createAnyway'),
    },
  });
}

/** The article was unpublished after it was offered: nothing counted, and the form one click away. */
export function deflectionGoneCard(language: Language, draftId: string, values: TicketFormValues) {
  return renderCard(thanksTemplate, {
    draftId,
    values: keptValues(values),
    color: 'Attention',
    article: null,
    labels: {
      title: t(language, 'deflection.gone.title'),
      text: t(language, 'deflection.gone'),
      again: '',
      createAnyway: t(language, 'deflection.createAnyway'),
    },
  });
}
