/**
 * Where Amazon Chime SDK Voice Connectors send signalling and media from, per Region — the only sources
 * the PBX security group admits besides the agents' softphone networks.
 *
 * Source: Amazon Chime SDK Administrator Guide, "Network configuration and bandwidth requirements",
 * section "Amazon Chime SDK Voice Connector" (SIP signalling TLS/5061 and media UDP/5000–65000 per
 * Region). Re-check that page when AWS announces new ranges; a missing range means one-way or no audio.
 */
export interface VoiceConnectorRanges {
  signalling: readonly string[];
  media: readonly string[];
}

export const voiceConnectorRanges: Readonly<Record<string, VoiceConnectorRanges>> = Object.freeze({
  'us-east-1': {
    signalling: ['3.80.16.0/23'],
    media: ['3.80.16.0/23', '52.55.62.128/25', '52.55.63.0/25', '34.212.95.128/25', '34.223.21.0/25'],
  },
  'us-west-2': { signalling: ['99.77.253.0/24'], media: ['99.77.253.0/24'] },
  'ca-central-1': { signalling: ['99.77.233.0/24'], media: ['99.77.233.0/24'] },
  'eu-central-1': { signalling: ['99.77.247.0/24'], media: ['99.77.247.0/24'] },
  'eu-west-1': { signalling: ['99.77.250.0/24'], media: ['99.77.250.0/24'] },
  'eu-west-2': { signalling: ['99.77.249.0/24'], media: ['99.77.249.0/24'] },
  'ap-northeast-1': { signalling: ['99.77.244.0/24'], media: ['99.77.244.0/24'] },
  'ap-northeast-2': { signalling: ['99.77.242.0/24'], media: ['99.77.242.0/24'] },
  'ap-southeast-1': { signalling: ['99.77.240.0/24'], media: ['99.77.240.0/24'] },
  'ap-southeast-2': { signalling: ['99.77.239.0/24'], media: ['99.77.239.0/24'] },
});

/** The RTP port range Asterisk announces (asterisk/rtp.conf); the group opens exactly this range. */
export const RTP_PORTS = { from: 10000, to: 20000 } as const;
