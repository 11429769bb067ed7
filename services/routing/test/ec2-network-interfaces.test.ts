/**
 * The pbx-address follower's EC2 call without the SDK: DescribeNetworkInterfaces in the Query protocol, signed, against
 * a loopback server answering with EC2's XML (trimmed from a real answer for a Fargate task's interface).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsRequestError } from '@switchboard/shared/aws-http';
import { publicIpOfNetworkInterface } from '../src/adapters/aws/ec2-network-interfaces.ts';

const withPublicIp = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>5a4e1c4f-7b1e-4a8c-9d3e-0f1e2d3c4b5a</requestId>
    <networkInterfaceSet>
        <item>
            <networkInterfaceId>eni-0123456789abcdef0</networkInterfaceId>
            <subnetId>subnet-0abc</subnetId>
            <status>in-use</status>
            <privateIpAddress>10.0.1.23</privateIpAddress>
            <association>
                <publicIp>203.0.113.7</publicIp>
                <publicDnsName>ec2-203-0-113-7.compute-1.amazonaws.com</publicDnsName>
                <ipOwnerId>amazon</ipOwnerId>
            </association>
            <privateIpAddressesSet>
                <item>
                    <privateIpAddress>10.0.1.23</privateIpAddress>
                    <primary>true</primary>
                    <association><publicIp>203.0.113.7</publicIp><ipOwnerId>amazon</ipOwnerId></association>
                </item>
            </privateIpAddressesSet>
            <interfaceType>interface</interfaceType>
        </item>
    </networkInterfaceSet>
</DescribeNetworkInterfacesResponse>`;

const withoutPublicIp = withPublicIp.replace(/<association>[\s\S]*?<\/association>/g, '');

const notFound = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>InvalidNetworkInterfaceID.NotFound</Code><Message>The networkInterface ID 'eni-0nope' does not exist</Message></Error></Errors><RequestID>1b2c</RequestID></Response>`;

async function withEc2(
  answer: (form: URLSearchParams) => [number, string],
  run: (endpoint: string, seen: { headers: http.IncomingHttpHeaders; form: URLSearchParams }[]) => Promise<void>,
) {
  const seen: { headers: http.IncomingHttpHeaders; form: URLSearchParams }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      seen.push({ headers: req.headers, form });
      const [status, body] = answer(form);
      res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
  } finally {
    server.close();
  }
}

const credentials = () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'token' });

test('asks for the one interface, signed for ec2, and reads its public address', async () => {
  await withEc2(
    () => [200, withPublicIp],
    async (endpoint, seen) => {
      assert.is(await publicIpOfNetworkInterface({ region: 'eu-central-1', endpoint, credentials }, 'eni-0123456789abcdef0'), '203.0.113.7');
      assert.is(seen.length, 1);
      const [{ headers, form }] = seen as [(typeof seen)[number]];
      assert.equal(Object.fromEntries(form), {
        Action: 'DescribeNetworkInterfaces',
        Version: '2016-11-15',
        'NetworkInterfaceId.1': 'eni-0123456789abcdef0',
      });
      assert.match(String(headers['content-type']), /^application\/x-www-form-urlencoded/);
      assert.match(
        String(headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/ec2\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
      );
      assert.is(headers['x-amz-security-token'], 'token');
    },
  );
});

test('an interface without a public address gives undefined', async () => {
  await withEc2(
    () => [200, withoutPublicIp],
    async (endpoint) => {
      assert.is(await publicIpOfNetworkInterface({ region: 'eu-central-1', endpoint, credentials }, 'eni-0123456789abcdef0'), undefined);
    },
  );
});

test("an error answer is an AwsRequestError named by EC2's code", async () => {
  await withEc2(
    () => [400, notFound],
    async (endpoint) => {
      try {
        await publicIpOfNetworkInterface({ region: 'eu-central-1', endpoint, credentials }, 'eni-0nope');
        assert.unreachable('a missing interface is an error');
      } catch (error) {
        assert.instance(error, AwsRequestError);
        assert.is((error as AwsRequestError).errorType, 'InvalidNetworkInterfaceID.NotFound');
        assert.is((error as AwsRequestError).status, 400);
        assert.match((error as Error).message, /does not exist/);
      }
    },
  );
});

test.run();
