import type { CardCopyRepository, PostedCard } from '../domain/ports/card-copy.repository.js';

/** A ticket card shown in a conversation becomes a copy kept up to date from then on. */
export class RecordCardCopy {
  constructor(private readonly copies: CardCopyRepository) {}

  execute(tenantId: string, number: number, copy: PostedCard): Promise<void> {
    return this.copies.record(tenantId, number, copy);
  }
}
