import type { ConversationRepository, StoredConversation } from '../domain/ports/conversation.repository.js';

const MAX_REMEMBERED = 10_000;
/** rewritten at least this often anyway, so a reference deleted behind our back comes back */
const REWRITE_AFTER_MS = 10 * 60_000;

/**
 * Keeps how to reach a user later (solution proposed, ticket taken…), refreshed on every
 * contact. A reference that did not change since this process last saved it is not
 * written again: most turns then cost no write at all.
 */
export class RememberConversation {
  private readonly lastSaved = new Map<string, { fingerprint: string; at: number }>();

  constructor(private readonly conversations: ConversationRepository) {}

  async execute(conversation: StoredConversation): Promise<void> {
    const key = `${conversation.tenantId}:${conversation.userId}`;
    const { updatedAt: _at, ...content } = conversation;
    const fingerprint = JSON.stringify(content);
    const last = this.lastSaved.get(key);
    const now = conversation.updatedAt.getTime();
    if (last && last.fingerprint === fingerprint && now - last.at < REWRITE_AFTER_MS) return;
    await this.conversations.save(conversation);
    if (this.lastSaved.size >= MAX_REMEMBERED) this.lastSaved.clear();
    this.lastSaved.set(key, { fingerprint, at: now });
  }
}
