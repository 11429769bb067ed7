/**
 * DynamoDB error checks that work on every shape the SDK gives: the modelled exception class, a
 * `TransactionCanceledException` whose reasons are condition failures, and plain objects from other
 * SDK copies (a bundled SDK and the Lambda runtime's are different classes, so `instanceof` is not enough).
 */

/** True when a write was refused because its `ConditionExpression` did not hold. */
export function isConditionalCheckFailed(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, CancellationReasons } = error as { name?: unknown; CancellationReasons?: Array<{ Code?: string }> };
  if (name === 'ConditionalCheckFailedException') return true;
  if (name === 'TransactionCanceledException' && Array.isArray(CancellationReasons)) {
    return CancellationReasons.some((reason) => reason?.Code === 'ConditionalCheckFailed');
  }
  return false;
}
