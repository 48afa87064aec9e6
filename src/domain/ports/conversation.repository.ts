/**
 * How to reach someone later (proactive messages): the channel's opaque reference,
 * keyed by tenant + AAD id. The domain never looks inside the reference.
 */
export interface StoredConversation {
  readonly tenantId: string;
  readonly userId: string;
  readonly userName: string;
  readonly locale: string;
  /** IANA zone Teams reported (`localTimezone`), for dates on cards sent later */
  readonly timeZone?: string | null;
  /** chosen with « français » / « english »; wins over the Teams client's locale */
  readonly language?: 'fr' | 'en' | null;
  /** the language their last clearly French or English message was written in; the choice above wins over it */
  readonly detectedLanguage?: 'fr' | 'en' | null;
  readonly reference: Readonly<Record<string, unknown>>;
  readonly updatedAt: Date;
}

export interface ConversationRepository {
  save(conversation: StoredConversation): Promise<void>;
  find(tenantId: string, userId: string): Promise<StoredConversation | null>;
  setLanguage(tenantId: string, userId: string, language: 'fr' | 'en'): Promise<void>;
  setDetectedLanguage(tenantId: string, userId: string, language: 'fr' | 'en'): Promise<void>;
  /** the Bot Connector URL of any conversation of the tenant, to open a 1:1 chat with someone new */
  anyServiceUrl(tenantId: string): Promise<string | null>;
}
