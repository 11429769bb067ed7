/**
 * The two event shapes that reach the service through SNS, parsed with zod:
 *
 * - End User Messaging two-way SMS: the SNS `Message` is JSON with `originationNumber`, `destinationNumber`,
 *   `messageKeyword`, `messageBody`, `inboundMessageId`, `previousPublishedMessageId` (AWS docs, see
 *   test/fixtures/samples/two-way-sms-sns-payload.example.json). The SNS envelope `Timestamp` orders texts.
 * - Connect chat streaming (`StartContactStreaming` → SNS): `Message` is a chat item (`Id`, `Type`,
 *   `ContentType`, `ParticipantRole`, `Content`, `DisplayName`, `AbsoluteTime`, `ContactId`,
 *   `InitialContactId`), and the `MessageVisibility` message attribute (CUSTOMER | AGENT | ALL) says who may see it.
 */
import * as z from '@switchboard/shared/zod-mini';
import { e164 } from '@switchboard/shared/contracts';

/**
 * The longest inbound text accepted (characters). A handset's concatenated SMS stays far below it (~65 segments);
 * at this size the mailbox item, the transcript line and the conversation stay well inside DynamoDB's 400 KB item
 * limit, and the chat and the bot get it cut to their own limits (1,024 characters each).
 */
export const MAX_INBOUND_TEXT_LENGTH = 10_000;
/** A chat item's content the service relays (Connect: 1,024 for text/plain, 16 KB for markdown and JSON). */
export const MAX_CHAT_CONTENT_LENGTH = 16_384;
const id = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

export const inboundSmsPayloadSchema = z.object({
  // Every number the service texts, opts out or names in an event is E.164 (the contracts say so).
  originationNumber: e164,
  destinationNumber: z.string().check(z.minLength(1), z.maxLength(64)),
  messageKeyword: z.optional(z.string()),
  messageBody: z.string().check(z.maxLength(MAX_INBOUND_TEXT_LENGTH)),
  inboundMessageId: id(256),
  previousPublishedMessageId: z.optional(z.string()),
});
export type InboundSmsPayload = z.infer<typeof inboundSmsPayloadSchema>;

export const chatStreamItemSchema = z.object({
  Id: id(256),
  Type: z.string().check(z.maxLength(64)),
  ContentType: z.optional(z.string().check(z.maxLength(256))),
  ParticipantRole: z.optional(z.string().check(z.maxLength(64))),
  ParticipantId: z.optional(z.string().check(z.maxLength(256))),
  DisplayName: z.optional(z.string().check(z.maxLength(256))),
  Content: z.optional(z.string().check(z.maxLength(MAX_CHAT_CONTENT_LENGTH))),
  AbsoluteTime: z.iso.datetime({ offset: true }),
  ContactId: id(256),
  InitialContactId: z.optional(z.string().check(z.maxLength(256))),
});
export type ChatStreamItem = z.infer<typeof chatStreamItemSchema>;

/** The part of an SNS → Lambda event the handlers read (one record per invocation in practice, any number accepted). */
export const snsEventSchema = z.object({
  Records: z.array(
    z.object({
      Sns: z.object({
        MessageId: z.optional(z.string()),
        Message: z.string(),
        Timestamp: z.iso.datetime({ offset: true }),
        MessageAttributes: z.optional(z.record(z.string(), z.object({ Type: z.optional(z.string()), Value: z.optional(z.string()) }))),
      }),
    }),
  ),
});
export type SnsRecord = z.infer<typeof snsEventSchema>['Records'][number];

/** Why a record was not accepted, in words for the log: the path and message of each issue. */
export function describeIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/** Parses an SNS message body that must be JSON of `schema`; says what is wrong instead of throwing a TypeError. */
export function parseSnsMessage<T>(schema: z.ZodMiniType<T>, message: string): { ok: true; value: T } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { ok: false, reason: 'the SNS message is not JSON' };
  }
  const parsed = z.safeParse(schema, json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: describeIssues(parsed.error) };
}

export const CHAT_EVENT = {
  participantJoined: 'application/vnd.amazonaws.connect.event.participant.joined',
  participantLeft: 'application/vnd.amazonaws.connect.event.participant.left',
  chatEnded: 'application/vnd.amazonaws.connect.event.chat.ended',
} as const;

/** What a chat stream item means for the SMS side. */
export type ChatSignal =
  | { kind: 'message'; role: 'AGENT' | 'SYSTEM'; text: string; displayName?: string }
  | { kind: 'agent-joined'; displayName?: string }
  | { kind: 'agent-left'; displayName?: string }
  | { kind: 'chat-ended' }
  | { kind: 'ignored'; why: string };

/**
 * Interprets one chat item. Only AGENT and SYSTEM messages the customer may see are relayed; CUSTOMER items
 * are the echo of what this service itself sent, typing and read receipts are noise for SMS.
 */
export function interpretChatItem(item: ChatStreamItem, visibility: string | undefined): ChatSignal {
  const role = item.ParticipantRole?.toUpperCase();
  if (item.Type === 'MESSAGE') {
    if (role !== 'AGENT' && role !== 'SYSTEM') return { kind: 'ignored', why: `message from ${role ?? 'unknown role'}` };
    if (visibility !== undefined && visibility !== 'CUSTOMER' && visibility !== 'ALL') {
      return { kind: 'ignored', why: `visibility ${visibility}` };
    }
    const text = (item.Content ?? '').trim();
    if (text.length === 0) return { kind: 'ignored', why: 'empty message' };
    return { kind: 'message', role, text, ...(item.DisplayName ? { displayName: item.DisplayName } : {}) };
  }
  if (item.Type === 'EVENT') {
    const name = item.DisplayName ? { displayName: item.DisplayName } : {};
    if (item.ContentType === CHAT_EVENT.chatEnded) return { kind: 'chat-ended' };
    if (item.ContentType === CHAT_EVENT.participantJoined && role === 'AGENT') return { kind: 'agent-joined', ...name };
    if (item.ContentType === CHAT_EVENT.participantLeft && role === 'AGENT') return { kind: 'agent-left', ...name };
    return { kind: 'ignored', why: `event ${item.ContentType ?? 'unknown'} from ${role ?? 'unknown role'}` };
  }
  return { kind: 'ignored', why: `type ${item.Type}` };
}
