import type { ConversationRepository } from '../domain/ports/conversation.repository.js';

/**
 * Someone whose Teams client is in one language but who works in the other says
 * « français » or « english » once; Guichet answers them in it from then on.
 */
export class ChooseLanguage {
  constructor(private readonly conversations: ConversationRepository) {}

  execute(tenantId: string, userId: string, language: 'fr' | 'en'): Promise<void> {
    return this.conversations.setLanguage(tenantId, userId, language);
  }

  async preferred(tenantId: string, userId: string): Promise<'fr' | 'en' | null> {
    return (await this.conversations.find(tenantId, userId))?.language ?? null;
  }
}
