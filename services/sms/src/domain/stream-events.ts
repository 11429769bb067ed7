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
import * as z from 'zod';

export const inboundSmsPayloadSchema = z.object({
  originationNumber: z.string().min(1),
  destinationNumber: z.string().min(1),
  messageKeyword: z.string().optional(),
  messageBody: z.string(),
  inboundMessageId: z.string().min(1),
  previousPublishedMessageId: z.string().optional(),
});
export type InboundSmsPayload = z.infer<typeof inboundSmsPayloadSchema>;

export const chatStreamItemSchema = z.object({
  Id: z.string().min(1),
  Type: z.string(),
  ContentType: z.string().optional(),
  ParticipantRole: z.string().optional(),
  ParticipantId: z.string().optional(),
  DisplayName: z.string().optional(),
  Content: z.string().optional(),
  AbsoluteTime: z.string(),
  ContactId: z.string().min(1),
  InitialContactId: z.string().optional(),
});
export type ChatStreamItem = z.infer<typeof chatStreamItemSchema>;

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
