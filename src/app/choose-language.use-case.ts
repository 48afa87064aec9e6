import type { ConversationRepository } from '../domain/ports/conversation.repository.js';

const MAX_REMEMBERED = 10_000;

/**
 * Someone whose Teams client is in one language but who works in the other says
 * « français » or « english » once; Guichet answers them in it from then on.
 * Read on every turn, so kept in memory for a short while.
 */
export class ChooseLanguage {
  private readonly known = new Map<string, { language: 'fr' | 'en' | null; at: number }>();

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly cacheMs = 30_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async execute(tenantId: string, userId: string, language: 'fr' | 'en'): Promise<void> {
    await this.conversations.setLanguage(tenantId, userId, language);
    this.known.set(`${tenantId}:${userId}`, { language, at: this.clock() });
  }

  async preferred(tenantId: string, userId: string): Promise<'fr' | 'en' | null> {
    const key = `${tenantId}:${userId}`;
    const cached = this.known.get(key);
    if (cached && this.clock() - cached.at < this.cacheMs) return cached.language;
    const language = (await this.conversations.find(tenantId, userId))?.language ?? null;
    if (this.known.size >= MAX_REMEMBERED) this.known.clear();
    this.known.set(key, { language, at: this.clock() });
    return language;
  }
}
