/**
 * Keeps the Voice Connector pointed at the running Asterisk task.
 *
 * A Fargate task gets a new public IP every time it starts, while the Voice Connector needs (a) a stable
 * origination host whose TLS certificate matches its name and (b) the PBX's address in its termination
 * allow list. So the origination route names a DNS record (`pbx.<your domain>`, fixed in the component),
 * and when ECS reports the task RUNNING this follower points the record at the task's public IP and
 * replaces the termination allow list with that /32.
 *
 * Asynchronous (EventBridge → Lambda): errors propagate, the target's retries and DLQ apply.
 */
export interface PbxAddressPorts {
  /** The public IPv4 of an ENI (EC2 DescribeNetworkInterfaces), undefined when it has none. */
  publicIpOf(networkInterfaceId: string): Promise<string | undefined>;
  /** UPSERT an A record. */
  pointRecord(recordName: string, ip: string): Promise<void>;
  /** Replace the termination CIDR allow list with `${ip}/32`, keeping the other termination settings. */
  allowTerminationFrom(ip: string): Promise<void>;
}

export interface PbxTaskEvent {
  'detail-type'?: string;
  detail?: {
    lastStatus?: string;
    desiredStatus?: string;
    group?: string;
    attachments?: { type?: string; status?: string; details?: { name?: string; value?: string }[] }[];
  };
}

export type FollowResult = { updated: true; ip: string } | { updated: false; reason: string };

export async function followPbxTask(event: PbxTaskEvent, ports: PbxAddressPorts, recordName: string): Promise<FollowResult> {
  const detail = event.detail;
  if (event['detail-type'] !== 'ECS Task State Change' || detail === undefined) return { updated: false, reason: 'not an ECS task state change' };
  // Only a task that is running and meant to keep running is where calls should go.
  if (detail.lastStatus !== 'RUNNING' || detail.desiredStatus !== 'RUNNING') {
    return { updated: false, reason: `task is ${detail.lastStatus ?? 'unknown'} (desired ${detail.desiredStatus ?? 'unknown'})` };
  }
  const eni = (detail.attachments ?? [])
    .filter((a) => a.type === 'ElasticNetworkInterface')
    .flatMap((a) => a.details ?? [])
    .find((d) => d.name === 'networkInterfaceId')?.value;
  if (!eni) throw new Error('RUNNING task has no ElasticNetworkInterface attachment (awsvpc networking expected)');
  const ip = await ports.publicIpOf(eni);
  if (!ip) throw new Error(`network interface ${eni} has no public IP: the PBX must run in a public subnet with assignPublicIp`);
  await ports.pointRecord(recordName, ip);
  await ports.allowTerminationFrom(ip);
  return { updated: true, ip };
}
