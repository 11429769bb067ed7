/**
 * What the service says by SMS. Kept short (one GSM-7 segment where possible) and overridable from config.
 * `{agent}` is replaced with the agent's display name, `{minutes}` with the idle timeout.
 */
export interface ServiceTexts {
  offer: string;
  offerReminder: string;
  help: string;
  optOutConfirmation: string;
  resubscribed: string;
  welcome: string;
  escalating: string;
  unanswered: string;
  agentJoined: string;
  closing: string;
  idleClosing: string;
  noConversation: string;
  /** Told to the customer when the chat had ended on the Connect side and a new one was started for their text. */
  chatRestarted: string;
  /** Told to the customer when their text could not be passed on after every retry. */
  undeliverable: string;
  /** Told to the agent (in the chat) when a reply could not be delivered by SMS. */
  undeliverableToAgent: string;
}

export const DEFAULT_TEXTS: ServiceTexts = {
  offer:
    'Switchboard: you asked to continue by text instead of waiting on the phone. Reply YES to continue by text, STOP to opt out, HELP for help. Msg&data rates may apply.',
  offerReminder: 'Reply YES to continue by text, or STOP to opt out.',
  help: 'Switchboard support by text. Reply STOP to opt out. Msg&data rates may apply.',
  optOutConfirmation: 'You are unsubscribed and will not receive more texts from us. Reply START to resubscribe.',
  resubscribed: 'You are resubscribed. Reply STOP to opt out.',
  welcome: 'Thanks! You keep your place in line for an agent. While you wait, text me a question. Reply AGENT to talk to a person now.',
  escalating: 'Connecting you to an agent. Please keep this thread open; they will text you here.',
  unanswered: "Sorry, I don't know that one. Try other words, or reply AGENT to talk to a person.",
  agentJoined: '{agent} has joined the chat.',
  closing: 'This conversation has ended. Thank you for contacting us.',
  idleClosing: 'We closed this conversation after {minutes} minutes without activity. Call us again any time.',
  noConversation: 'There is no open conversation for this number. Please call us to start one. Reply STOP to opt out.',
  chatRestarted: 'Your earlier chat had ended, so we started a new one. An agent will reply here; meanwhile, text me a question.',
  undeliverable: 'Sorry, we could not pass on your last message. Please try again in a few minutes.',
  undeliverableToAgent: '[SMS] This reply could not be delivered to the customer: "{text}"',
};

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/gu, (whole, key: string) => values[key] ?? whole);
}
