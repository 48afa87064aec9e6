import type { ConversationRepository, StoredConversation } from '../domain/ports/conversation.repository.js';

/** Keeps how to reach a user later (solution proposed, ticket taken…), refreshed on every contact. */
export class RememberConversation {
  constructor(private readonly conversations: ConversationRepository) {}

  execute(conversation: StoredConversation): Promise<void> {
    return this.conversations.save(conversation);
  }
}
