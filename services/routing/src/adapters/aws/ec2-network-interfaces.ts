/** EC2 DescribeNetworkInterfaces: the public IP of the PBX task's network interface. */
import { DescribeNetworkInterfacesCommand, type EC2Client } from '@aws-sdk/client-ec2';

export async function publicIpOfNetworkInterface(client: EC2Client, networkInterfaceId: string): Promise<string | undefined> {
  const { NetworkInterfaces } = await client.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [networkInterfaceId] }));
  return NetworkInterfaces?.[0]?.Association?.PublicIp;
}
