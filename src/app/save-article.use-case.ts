import type { Actor } from '../domain/actor.js';
import { may } from '../domain/capabilities.js';
import { categoryExists, type Category } from '../domain/category.js';
import {
  ARTICLE_LIMITS,
  editArticle,
  newArticle,
  validateArticleFields,
  type ArticleLanguage,
  type KnowledgeArticle,
} from '../domain/knowledge-article.js';
import type { IdGenerator } from '../domain/ports/id-generator.js';
import type { KnowledgeBase } from '../domain/ports/knowledge-base.js';
import type { TicketRepository } from '../domain/ports/ticket.repository.js';
import { fail, ok, type Result } from '../domain/result.js';
import { cutAt } from '../domain/text.js';
import { currentSolution } from '../domain/ticket.js';

/** The article form as typed (validated here: the card only parsed it). */
export interface ArticleInput {
  readonly title: string;
  readonly symptoms: string;
  readonly solution: string;
  readonly categoryId: string | null;
  readonly language: string;
}

/**
 * `fromTicket`: a draft prefilled from a solved ticket (title, description as symptoms, its
 * solution, category), for staff to check before publishing; `create`: a new article typed
 * from scratch; `edit`: the form saved over the version the editor opened (`publish` makes
 * a draft public; saving without it keeps the status).
 */
export type SaveArticleCommand =
  | { readonly kind: 'fromTicket'; readonly ticketNumber: number; readonly language: ArticleLanguage }
  | { readonly kind: 'create'; readonly fields: ArticleInput; readonly publish: boolean; readonly ticketNumber?: number }
  | { readonly kind: 'edit'; readonly id: string; readonly version: number; readonly fields: ArticleInput; readonly publish: boolean };

export interface SaveArticleDeps {
  readonly articles: KnowledgeBase;
  readonly tickets: Pick<TicketRepository, 'findByNumber'>;
  readonly categories: readonly Category[];
  readonly newId: IdGenerator;
  readonly now?: () => Date;
}

/** Staff write the knowledge base (`kb.write`): a solution saved as a draft, edited, published. */
export class SaveArticle {
  constructor(private readonly deps: SaveArticleDeps) {}

  async execute(tenantId: string, actor: Actor, command: SaveArticleCommand): Promise<Result<KnowledgeArticle>> {
    if (!may(actor, 'kb.write')) return fail('HELPDESK.FORBIDDEN', 'kb.write refused', { capability: 'kb.write' });
    const now = (this.deps.now ?? (() => new Date()))();
    const author = { id: actor.id, name: actor.name };
    switch (command.kind) {
      case 'fromTicket': {
        const source = await this.sourceTicket(tenantId, actor, command.ticketNumber);
        if (!source.ok) return source;
        const ticket = source.value;
        const solution = currentSolution(ticket) ?? ticket.solutions.at(-1) ?? null;
        const fields = validateArticleFields(
          // a long description is cut rather than refused: the editor trims the draft anyway
          {
            title: ticket.title,
            symptoms: cutAt(ticket.description, ARTICLE_LIMITS.symptomsMax),
            solution: cutAt(solution?.text ?? '', ARTICLE_LIMITS.solutionMax),
            categoryId: ticket.categoryId,
            language: command.language,
          },
        );
        if (!fields.ok) return fields;
        return this.insert(newArticle({ id: this.deps.newId(), tenantId, author, now, sourceTicket: { id: ticket.id, number: ticket.number } }, fields.value, false));
      }
      case 'create': {
        const fields = this.validate(command.fields);
        if (!fields.ok) return fields;
        let sourceTicket: KnowledgeArticle['sourceTicket'] = null;
        if (command.ticketNumber !== undefined) {
          const source = await this.sourceTicket(tenantId, actor, command.ticketNumber);
          if (!source.ok) return source;
          sourceTicket = { id: source.value.id, number: source.value.number };
        }
        return this.insert(newArticle({ id: this.deps.newId(), tenantId, author, now, sourceTicket }, fields.value, command.publish));
      }
      case 'edit': {
        const stored = await this.deps.articles.get(tenantId, command.id);
        if (!stored) return fail('KB.NOT_FOUND', `no article ${command.id}`);
        if (stored.version !== command.version) return fail('KB.CONFLICT', `article ${command.id} is at version ${stored.version}`);
        const fields = this.validate(command.fields);
        if (!fields.ok) return fields;
        const edited = editArticle(stored, fields.value, command.publish, author, now);
        if (!(await this.deps.articles.save(edited))) return fail('KB.CONFLICT', `article ${command.id} changed meanwhile`);
        return ok(edited);
      }
    }
  }

  private validate(fields: ArticleInput) {
    return validateArticleFields(fields, (id) => categoryExists(this.deps.categories, id));
  }

  private async sourceTicket(tenantId: string, actor: Actor, number: number) {
    const found = await this.deps.tickets.findByNumber(tenantId, number);
    if (!found.ok) return found;
    if (!may(actor, 'ticket.view', { ticket: found.value })) return fail('TICKET.NOT_FOUND', `no ticket #${number}`, { number });
    return found;
  }

  private async insert(article: KnowledgeArticle): Promise<Result<KnowledgeArticle>> {
    if (!(await this.deps.articles.save(article))) return fail('KB.CONFLICT', `article ${article.id} already exists`);
    return ok(article);
  }
}
