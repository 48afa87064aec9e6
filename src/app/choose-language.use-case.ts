import { answerLanguage, clearLanguageOf, type AnswerLanguage } from '../domain/answer-language.js';
import type { ConversationRepository } from '../domain/ports/conversation.repository.js';
import type { LanguageDetector } from '../domain/ports/language-detector.js';

const MAX_REMEMBERED = 10_000;

/**
 * Someone whose Teams client is in one language but who works in the other says
 * « français » or « english » once, or simply writes in it; Guichet answers them in it from then on.
 * Read on every turn, so kept in memory for a short while.
 */
export class ChooseLanguage {
  private readonly known = new Map<string, { language: 'fr' | 'en' | null; detected: 'fr' | 'en' | null; at: number }>();

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly detector: LanguageDetector,
    private readonly cacheMs = 30_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async execute(tenantId: string, userId: string, language: 'fr' | 'en'): Promise<void> {
    await this.conversations.setLanguage(tenantId, userId, language);
    const { detected } = await this.preferences(tenantId, userId);
    this.remember(tenantId, userId, language, detected);
  }

  /**
   * The language to answer a turn in: the choice made, else the one this message is clearly written
   * in (`command`: a command word's own language), remembered for the cards sent later, else the one
   * their last clear message was in, else the client's locale. A turn without text (a click, a refresh)
   * follows the same, so a form and the card its button brings never differ.
   */
  async answerFor(
    tenantId: string,
    userId: string,
    turn: { readonly text: string; readonly command: AnswerLanguage | null; readonly locale: AnswerLanguage },
  ): Promise<AnswerLanguage> {
    const { explicit, detected } = await this.preferences(tenantId, userId);
    const written = explicit || turn.text === '' ? null : (turn.command ?? clearLanguageOf(turn.text, this.detector));
    if (written) await this.noteDetected(tenantId, userId, written);
    return answerLanguage({ explicit, detected: written ?? detected, locale: turn.locale });
  }

  /** The language a channel command's free text is clearly written in, if any. */
  clearLanguageOf(text: string): AnswerLanguage | null {
    return clearLanguageOf(text, this.detector);
  }

  /** The choice made with « français » / « english », if any. */
  async preferred(tenantId: string, userId: string): Promise<'fr' | 'en' | null> {
    return (await this.preferences(tenantId, userId)).explicit;
  }

  /** The explicit choice and the language their messages were last clearly written in. */
  async preferences(tenantId: string, userId: string): Promise<{ explicit: 'fr' | 'en' | null; detected: 'fr' | 'en' | null }> {
    const cached = this.known.get(`${tenantId}:${userId}`);
    if (cached && this.clock() - cached.at < this.cacheMs) return { explicit: cached.language, detected: cached.detected };
    const stored = await this.conversations.find(tenantId, userId);
    const explicit = stored?.language ?? null;
    const detected = stored?.detectedLanguage ?? null;
    this.remember(tenantId, userId, explicit, detected);
    return { explicit, detected };
  }

  /**
   * A message clearly in one language: later cards (notifications, refreshes) follow it too.
   * Written only when it changes, not on every message.
   */
  async noteDetected(tenantId: string, userId: string, language: 'fr' | 'en'): Promise<void> {
    const { explicit, detected } = await this.preferences(tenantId, userId);
    if (detected === language) return;
    await this.conversations.setDetectedLanguage(tenantId, userId, language);
    this.remember(tenantId, userId, explicit, language);
  }

  private remember(tenantId: string, userId: string, language: 'fr' | 'en' | null, detected: 'fr' | 'en' | null): void {
    if (this.known.size >= MAX_REMEMBERED) this.known.clear();
    this.known.set(`${tenantId}:${userId}`, { language, detected, at: this.clock() });
  }
}
