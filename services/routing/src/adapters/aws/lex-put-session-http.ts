/**
 * Lex V2 runtime `PutSession` for the SMA hot path over the signed JSON client (no SDK); same request
 * as lex-put-session.ts: elicit the Department slot of RouteCall, caller number as session attribute.
 */
import { DEPARTMENT_SLOT, ROUTE_CALL_INTENT, SESSION_ATTRIBUTE } from '../../domain/call-routing.ts';
import type { BotSessions, CallOptions } from '../../domain/ports.ts';
import type { JsonServiceClient } from '@switchboard/shared/aws-http';

export class HttpLexBotSessions implements BotSessions {
  constructor(private readonly options: { client: JsonServiceClient; botId: string; botAliasId: string; localeId: string }) {}

  async preload(input: { sessionId: string; callerNumber: string; calledNumber: string }, options: CallOptions = {}): Promise<void> {
    const { botId, botAliasId, localeId } = this.options;
    const path = ['bots', botId, 'botAliases', botAliasId, 'botLocales', localeId, 'sessions', input.sessionId].map(encodeURIComponent).join('/');
    await this.options.client.post(
      `/${path}`,
      {
        sessionState: {
          sessionAttributes: { [SESSION_ATTRIBUTE.callerNumber]: input.callerNumber, calledNumber: input.calledNumber },
          intent: { name: ROUTE_CALL_INTENT, state: 'InProgress' },
          dialogAction: { type: 'ElicitSlot', slotToElicit: DEPARTMENT_SLOT },
        },
      },
      { 'content-type': 'application/json' },
      options.signal,
    );
  }
}
