/**
 * The DynamoDB requests both result-store transports send — the SDK document client (dynamodb-stores.ts) and the
 * signed JSON client of the contact-flow Lambdas (dynamodb-session-http.ts) — built in one place, with plain
 * JavaScript values, so the two cannot drift apart. No SDK import here: the contact-flow bundles include this file.
 */
import type { ContactRef, DoNotCallEntry, ResultPatch } from '../../domain/ports.ts';

/** Drops storage-only attributes. */
export function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { listKey: _listKey, answeredAt: _answeredAt, expiresAt: _expiresAt, ...rest } = item;
  return rest;
}

export function resultUpdateRequest(table: string, jobId: string, receiverId: string, patch: ResultPatch, now: Date) {
  const names: Record<string, string> = { '#r': 'receiverId' };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const entries = Object.entries({ ...patch, updatedAt: now.toISOString() }).filter(([, v]) => v !== undefined);
  entries.forEach(([key, value], i) => {
    names[`#f${i}`] = key;
    values[`:v${i}`] = value;
    sets.push(`#f${i} = :v${i}`);
  });
  // A receiver that stops waiting loses its wait reason and time with its status.
  const removeNotBefore = patch.status !== undefined && patch.status !== 'WaitingRetry' && patch.notBefore === undefined;
  if (removeNotBefore) {
    names['#nb'] = 'notBefore';
    names['#wr'] = 'waitReason';
  }
  return {
    TableName: table,
    Key: { jobId, receiverId },
    UpdateExpression: `SET ${sets.join(', ')}${removeNotBefore ? ' REMOVE #nb, #wr' : ''}`,
    ConditionExpression: 'attribute_exists(#r)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValues: 'ALL_NEW' as const,
  };
}

/** One list element per answer, written as it is given: a later hang-up cannot lose it. */
export function answerUpdateRequest(table: string, jobId: string, receiverId: string, questionIndex: number, answer: string, answeredAt: string) {
  const i = questionIndex - 1;
  if (!Number.isInteger(i) || i < 0) throw new Error(`bad question index ${questionIndex}`);
  return {
    TableName: table,
    Key: { jobId, receiverId },
    UpdateExpression: `SET answers[${i}] = :a, answeredAt[${i}] = :t, updatedAt = :t`,
    ConditionExpression: 'attribute_exists(receiverId)',
    ExpressionAttributeValues: { ':a': answer, ':t': answeredAt },
  };
}

/** A number already on the list keeps its first entry (the condition fails; callers treat that as done). */
export function doNotCallPutRequest(table: string, entry: DoNotCallEntry) {
  return { TableName: table, Item: { ...entry }, ConditionExpression: 'attribute_not_exists(phoneNumber)' };
}

export function contactRefFrom(item: Record<string, unknown> | undefined): ContactRef | undefined {
  if (!item) return undefined;
  return { jobId: String(item.jobId), receiverId: String(item.receiverId), attempt: Number(item.attempt), taskToken: String(item.taskToken) };
}
