/**
 * Lex V2 runtime `PutSession`: before the SIP media application starts the bot conversation, set the
 * session so the bot's first turn already elicits the Department slot of RouteCall, with the caller's
 * number as a session attribute (the sample's `startSessions`, with a deadline and without swallowing
 * the error — the handler decides what a failure means).
 */
import { LexRuntimeV2Client, PutSessionCommand } from '@aws-sdk/client-lex-runtime-v2';
import { DEPARTMENT_SLOT, ROUTE_CALL_INTENT, SESSION_ATTRIBUTE } from '../../domain/call-routing.ts';
import type { BotSessions, CallOptions } from '../../domain/ports.ts';

export interface LexBotSessionsOptions {
  client: LexRuntimeV2Client;
  botId: string;
  botAliasId: string;
  localeId: string;
}

export class LexBotSessions implements BotSessions {
  constructor(private readonly options: LexBotSessionsOptions) {}

  async preload(
    input: { sessionId: string; callerNumber: string; calledNumber: string },
    options: CallOptions = {},
  ): Promise<void> {
    await this.options.client.send(
      new PutSessionCommand({
        botId: this.options.botId,
        botAliasId: this.options.botAliasId,
        localeId: this.options.localeId,
        sessionId: input.sessionId,
        sessionState: {
          sessionAttributes: { [SESSION_ATTRIBUTE.callerNumber]: input.callerNumber, calledNumber: input.calledNumber },
          intent: { name: ROUTE_CALL_INTENT, state: 'InProgress' },
          dialogAction: { type: 'ElicitSlot', slotToElicit: DEPARTMENT_SLOT },
        },
      }),
      { abortSignal: options.signal },
    );
  }
}
