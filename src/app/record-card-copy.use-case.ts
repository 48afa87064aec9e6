import type { CardCopyRepository, PostedCard } from '../domain/ports/card-copy.repository.js';

/**
 * A ticket card shown in a conversation becomes the copy kept up to date there from then on
 * (the newest card of a conversation: re-opening it 200 times is still one copy to update).
 */
export class RecordCardCopy {
  constructor(private readonly copies: CardCopyRepository) {}

  execute(tenantId: string, number: number, copy: PostedCard): Promise<void> {
    return this.copies.record(tenantId, number, copy);
  }
}
