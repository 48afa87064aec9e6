import type { DomainError } from '../domain/result.js';
import { type Language, type MessageKey } from '../views/i18n.js';
import { messageCard } from '../views/message.view.js';

const KEY_OF_CODE: Record<DomainError['code'], MessageKey> = {
  'TICKET.INVALID_TRANSITION': 'error.invalidTransition',
  'TICKET.FORBIDDEN': 'error.forbidden',
  'TICKET.VALIDATION': 'error.badData',
  'TICKET.NOT_FOUND': 'error.notFound',
  'TICKET.CONFLICT': 'error.conflict',
  'TICKET.ALREADY_TAKEN': 'error.alreadyTaken',
  'HELPDESK.FORBIDDEN': 'error.forbidden',
  'HELPDESK.UNKNOWN_GROUP': 'error.unknownGroup',
  'HELPDESK.UNKNOWN_TECHNICIAN': 'error.unknownTechnician',
  'STORAGE.MALFORMED': 'error.internal',
};

/** A domain error as the user reads it, in their language. */
export const errorCard = (language: Language, error: DomainError) =>
  messageCard(language, KEY_OF_CODE[error.code], 'error');
