/**
 * The chat contact flow (Amazon Connect flow language) SMS conversations enter: a greeting (streamed to the
 * customer as a SYSTEM message and texted), then the platform's queue. It plays the role of the reference
 * "Basic Chat" flow (sample amazon-pinpoint-sms-connect-chat, copied to test/fixtures/samples/) in the current flow format.
 */
export interface ChatContactFlowInput {
  queueArn: string;
  greeting: string;
}

export function chatContactFlow(input: ChatContactFlowInput) {
  const end = 'disconnect';
  return {
    Version: '2019-10-30',
    StartAction: 'greeting',
    Metadata: { name: 'SMS deflection chat', description: 'Greeting, then the queue; agents answer by chat, the service relays by SMS' },
    Actions: [
      {
        Identifier: 'greeting',
        Type: 'MessageParticipant',
        Parameters: { Text: input.greeting },
        Transitions: { NextAction: 'set-queue', Errors: [{ NextAction: 'set-queue', ErrorType: 'NoMatchingError' }] },
      },
      {
        Identifier: 'set-queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: input.queueArn },
        Transitions: { NextAction: 'transfer', Errors: [{ NextAction: end, ErrorType: 'NoMatchingError' }] },
      },
      {
        Identifier: 'transfer',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: {
          NextAction: end,
          Errors: [
            { NextAction: end, ErrorType: 'QueueAtCapacity' },
            { NextAction: end, ErrorType: 'NoMatchingError' },
          ],
        },
      },
      { Identifier: end, Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}
