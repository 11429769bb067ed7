import type { SmaEvent, TransactionAttributes } from './event-schema';

/** The transaction attributes set by earlier responses of this call (an empty object when none). */
export function transactionAttributes(event: SmaEvent): TransactionAttributes {
  return { ...(event.CallDetails.TransactionAttributes ?? {}) };
}

/** Why the service rejected the previous response, wherever the event carries it. */
export function invalidResponseError(event: SmaEvent): { errorType: string; errorMessage: string | undefined } | undefined {
  if (event.InvocationEventType !== 'INVALID_LAMBDA_RESPONSE') return undefined;
  const errorType = event.ErrorType ?? event.ActionData?.ErrorType;
  if (errorType === undefined) return undefined;
  return { errorType, errorMessage: event.ErrorMessage ?? event.ActionData?.ErrorMessage };
}
