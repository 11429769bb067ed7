/**
 * The agent softphone's SIP side: JsSIP (bundled from npm into the agent page's chunk, loaded only when an agent
 * goes online) registering over WSS to the routing service's PBX. Asterisk rings the `agent` endpoint for every
 * call the IVR bridges to an extension and passes the department as `X-LexInfo` (and as the caller name).
 *
 * Where the PBX is comes from config.json's `softphone` (the stage program writes it when `routing.pbx` is
 * deployed): the WSS URL (`wss://<pbx.domainName>:8089/ws`) and the SIP identity (`sip:agent@<pbx.domainName>`).
 * The SIP password is not in config.json (that file is public): the agent types it, as given by the admin from
 * the stage's Secrets Manager secret `…routing-pbx-sip`.
 */
import type { RTCSessionEvent, UnRegisteredEvent } from 'jssip/lib/UA';
import type { PeerConnectionEvent, RTCSession } from 'jssip/lib/RTCSession';

export interface SoftphoneConfig {
  /** `wss://pbx.example.com:8089/ws`: Asterisk's TLS HTTP server (pjsip transport-wss). */
  wssUrl: string;
  /** `sip:agent@pbx.example.com`: the PJSIP endpoint the dialplan rings. */
  sipUri: string;
}

/** The department to show for a call: `X-LexInfo`, else the caller name Asterisk set from it. */
export function departmentOf(lexInfo: string | undefined, displayName: string | undefined): string | undefined {
  // Headers come from outside (the dialplan filters them as well): keep what a department name may contain.
  const clean = (value: string | undefined) =>
    value
      ?.toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .trim()
      .slice(0, 64) || undefined;
  return clean(lexInfo) ?? (displayName && displayName !== 'switchboard' ? clean(displayName) : undefined);
}

export type SipStatus = 'offline' | 'connecting' | 'online' | 'failed' | 'disconnected';

export interface SipIncoming {
  id: string;
  department?: string;
  caller: string;
  state: 'ringing' | 'talking';
}

export interface SipPhone {
  answer(): void;
  decline(): void;
  hangUp(): void;
  stop(): void;
}

export async function startSipPhone(options: {
  config: SoftphoneConfig;
  password: string;
  audio: HTMLAudioElement;
  onStatus: (status: SipStatus, detail?: string) => void;
  onCall: (call: SipIncoming | undefined) => void;
}): Promise<SipPhone> {
  const JsSIP = await import('jssip');
  const ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(options.config.wssUrl)],
    uri: options.config.sipUri,
    password: options.password,
    register: true,
  });
  let session: RTCSession | undefined;
  const reset = () => {
    session = undefined;
    options.onCall(undefined);
  };
  ua.on('connecting', () => options.onStatus('connecting'));
  ua.on('registered', () => options.onStatus('online'));
  ua.on('registrationFailed', (event: UnRegisteredEvent) => options.onStatus('failed', String(event.cause ?? 'registration failed')));
  ua.on('disconnected', () => options.onStatus('disconnected'));
  ua.on('newRTCSession', (event: RTCSessionEvent) => {
    if (event.originator !== 'remote') return;
    const incoming = event.session;
    // One call at a time: a second one is busy, and the IVR's overflow takes it.
    if (session) {
      incoming.terminate({ status_code: 486 });
      return;
    }
    session = incoming;
    const view: SipIncoming = {
      id: incoming.id,
      department: departmentOf(event.request.getHeader('X-LexInfo') || undefined, incoming.remote_identity.display_name),
      caller: incoming.remote_identity.uri.user ?? 'unknown',
      state: 'ringing',
    };
    options.onCall(view);
    incoming.on('peerconnection', ({ peerconnection }: PeerConnectionEvent) => {
      peerconnection.addEventListener('track', (track: RTCTrackEvent) => {
        options.audio.srcObject = track.streams[0] ?? null;
      });
    });
    incoming.on('confirmed', () => options.onCall({ ...view, state: 'talking' }));
    incoming.on('ended', reset);
    incoming.on('failed', reset);
  });
  ua.start();
  return {
    answer: () => session?.answer({ mediaConstraints: { audio: true, video: false } }),
    decline: () => session?.terminate({ status_code: 603 }),
    hangUp: () => session?.terminate(),
    stop: () => {
      session?.terminate();
      ua.stop();
      options.onStatus('offline');
    },
  };
}
