/**
 * The agent's side of a bridged call: what rings when the SIP media application bridges a caller to a Voice
 * Connector extension. On AWS that is the PBX (Asterisk dials the agents' softphones, the console's agent page
 * over WSS) and the PSTN audio service reports the answer back to the handler, so no code of ours implements
 * this port there. On the local stage there is no PBX: the call simulator (the PSTN audio stand-in) dials
 * through this port, and the local adapter (`adapters/local/local-agent-line.ts`) rings the console's agent
 * page instead, so a caller → IVR → agent call can be answered in a browser.
 */

/** A call ringing (or talking) on an extension, as the agent sees it. */
export interface AgentLineCall {
  callId: string;
  /** The extension the handler bridged to (the CallAndBridge endpoint's URI). */
  extension: string;
  /** The caller's number (`X-Original-Calling-Number`, else the bridge's caller id). */
  from: string;
  /** The department the caller asked for (`X-LexInfo`), when the handler named one. */
  department?: string;
  /** Every SIP header the handler put on the bridge, as the PBX receives them. */
  sipHeaders: Record<string, string>;
  state: 'ringing' | 'talking' | 'ended';
  ringingSince: string;
  answeredAt?: string;
  endedAt?: string;
  /** How a call that is over ended. */
  ending?: 'declined' | 'not-answered' | 'agent-hung-up' | 'caller-hung-up';
  /** Who answered (the agent's username). */
  answeredBy?: string;
}

export type DialResult =
  | {
      outcome: 'answer';
      /** Resolves with who hung up once the talking is over. */
      ended: Promise<'caller' | 'callee'>;
    }
  | { outcome: 'busy' | 'no-answer' };

export interface AgentLine {
  /**
   * Rings `extension` until an agent answers or declines, or `timeoutSeconds` pass (the bridge's
   * CallTimeoutSeconds): never throws, a line that cannot ring answers `no-answer`.
   */
  dial(call: { callId: string; extension: string; from: string; sipHeaders: Record<string, string> }, timeoutSeconds: number): Promise<DialResult>;
}
