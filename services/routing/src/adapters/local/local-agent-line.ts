/**
 * AgentLine on the local stage: the PBX stand-in. A call the simulator bridges to an extension waits here as a
 * ringing call that the console's agent page lists (`GET /simulator/agent-line/calls`) and answers, declines or
 * hangs up; the simulator's bridge completes with that answer, so the call log shows what a PBX would have
 * caused. Calls that are over stay listed for a while so the page can show how they ended.
 */
import type { AgentLine, AgentLineCall, DialResult } from '../../application/agent-line.ts';

export interface LocalAgentLineOptions {
  /** @default () => new Date() */
  now?: () => Date;
  /** A talking call the agent never hangs up ends (by the caller) after this long. @default 15 minutes */
  maxTalkSeconds?: number;
  /** Ended calls kept for the page. @default 20 */
  keepEnded?: number;
}

export class AgentLineError extends Error {
  override readonly name = 'AgentLineError';
  constructor(
    readonly reason: 'not-found' | 'not-ringing' | 'not-talking',
    message: string,
  ) {
    super(message);
  }
}

interface Line {
  call: AgentLineCall;
  settle?: (result: DialResult) => void;
  hangUp?: (by: 'caller' | 'callee') => void;
  timer?: NodeJS.Timeout;
}

export class LocalAgentLine implements AgentLine {
  private readonly lines = new Map<string, Line>();
  private readonly now: () => Date;

  constructor(private readonly options: LocalAgentLineOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  dial(
    request: { callId: string; extension: string; from: string; sipHeaders: Record<string, string> },
    timeoutSeconds: number,
  ): Promise<DialResult> {
    const department = request.sipHeaders['X-LexInfo'];
    const call: AgentLineCall = {
      callId: request.callId,
      extension: request.extension,
      from: request.sipHeaders['X-Original-Calling-Number'] ?? request.from,
      ...(department ? { department } : {}),
      sipHeaders: { ...request.sipHeaders },
      state: 'ringing',
      ringingSince: this.now().toISOString(),
    };
    return new Promise<DialResult>((resolve) => {
      const line: Line = { call, settle: resolve };
      // Nobody answers within the bridge's timeout: what the PSTN audio service reports as CallNotAnswered.
      // Not unref'd: the simulated call waits on it, and it is bounded by the bridge timeout.
      line.timer = setTimeout(() => this.end(line, 'not-answered', { outcome: 'no-answer' }), Math.max(0, timeoutSeconds) * 1000);
      this.lines.set(call.callId, line);
      this.prune();
    });
  }

  /** Every call on the line, newest first: ringing and talking ones, then recently ended ones. */
  list(): AgentLineCall[] {
    return [...this.lines.values()].map((line) => structuredClone(line.call)).sort((a, b) => b.ringingSince.localeCompare(a.ringingSince));
  }

  answer(callId: string, agent: string): AgentLineCall {
    const line = this.ringing(callId);
    clearTimeout(line.timer);
    line.call.state = 'talking';
    line.call.answeredAt = this.now().toISOString();
    line.call.answeredBy = agent;
    const ended = new Promise<'caller' | 'callee'>((resolve) => (line.hangUp = resolve));
    line.timer = setTimeout(() => this.finish(line, 'caller'), (this.options.maxTalkSeconds ?? 15 * 60) * 1000);
    line.timer.unref?.();
    line.settle?.({ outcome: 'answer', ended });
    line.settle = undefined;
    return structuredClone(line.call);
  }

  /** The agent rejects the call: the bridge fails as busy (SIP 486/603), and the handler's overflow takes over. */
  decline(callId: string): AgentLineCall {
    const line = this.ringing(callId);
    this.end(line, 'declined', { outcome: 'busy' });
    return structuredClone(line.call);
  }

  hangUp(callId: string): AgentLineCall {
    const line = this.lines.get(callId);
    if (!line) throw new AgentLineError('not-found', `no call ${callId} on the agent line`);
    if (line.call.state !== 'talking') throw new AgentLineError('not-talking', `call ${callId} is ${line.call.state}, not talking`);
    this.finish(line, 'callee');
    return structuredClone(line.call);
  }

  /** Stage stop: whatever rings is not answered, whatever talks is hung up by the caller. */
  close(): void {
    for (const line of this.lines.values()) {
      if (line.call.state === 'ringing') this.end(line, 'not-answered', { outcome: 'no-answer' });
      else if (line.call.state === 'talking') this.finish(line, 'caller');
    }
  }

  private ringing(callId: string): Line {
    const line = this.lines.get(callId);
    if (!line) throw new AgentLineError('not-found', `no call ${callId} on the agent line`);
    if (line.call.state !== 'ringing') throw new AgentLineError('not-ringing', `call ${callId} is ${line.call.state}, no longer ringing`);
    return line;
  }

  private end(line: Line, ending: 'declined' | 'not-answered', result: DialResult): void {
    if (line.call.state !== 'ringing') return;
    clearTimeout(line.timer);
    line.call.state = 'ended';
    line.call.ending = ending;
    line.call.endedAt = this.now().toISOString();
    line.settle?.(result);
    line.settle = undefined;
  }

  private finish(line: Line, by: 'caller' | 'callee'): void {
    if (line.call.state !== 'talking') return;
    clearTimeout(line.timer);
    line.call.state = 'ended';
    line.call.ending = by === 'callee' ? 'agent-hung-up' : 'caller-hung-up';
    line.call.endedAt = this.now().toISOString();
    line.hangUp?.(by);
  }

  private prune(): void {
    const ended = [...this.lines.values()]
      .filter((line) => line.call.state === 'ended')
      .sort((a, b) => a.call.ringingSince.localeCompare(b.call.ringingSince));
    const excess = ended.length - (this.options.keepEnded ?? 20);
    for (const line of ended.slice(0, Math.max(0, excess))) this.lines.delete(line.call.callId);
  }
}
