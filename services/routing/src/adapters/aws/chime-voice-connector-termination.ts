/**
 * Chime SDK Voice GetVoiceConnectorTermination + PutVoiceConnectorTermination: replace the allow list
 * with the PBX's current address while keeping calling regions, CPS limit and the rest as deployed.
 */
import { GetVoiceConnectorTerminationCommand, PutVoiceConnectorTerminationCommand, type ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';

export async function allowTerminationFrom(client: ChimeSDKVoiceClient, voiceConnectorId: string, ip: string): Promise<void> {
  const { Termination } = await client.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: voiceConnectorId }));
  await client.send(
    new PutVoiceConnectorTerminationCommand({
      VoiceConnectorId: voiceConnectorId,
      Termination: { ...Termination, CidrAllowedList: [`${ip}/32`], Disabled: false },
    }),
  );
}
