/** Route 53 ChangeResourceRecordSets: the PBX's A record, short TTL so a task restart propagates fast. */
import { ChangeResourceRecordSetsCommand, type Route53Client } from '@aws-sdk/client-route-53';

export async function upsertPbxRecord(client: Route53Client, hostedZoneId: string, recordName: string, ip: string): Promise<void> {
  await client.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: hostedZoneId,
      ChangeBatch: {
        Comment: 'switchboard routing: follow the running Asterisk task',
        Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: recordName, Type: 'A', TTL: 60, ResourceRecords: [{ Value: ip }] } }],
      },
    }),
  );
}
