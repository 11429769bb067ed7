/**
 * The small signed JSON clients of the handlers a caller waits on (SMA, Lex hook): one per AWS API, instead of SDK
 * clients, because the caller hears the cold start. `AWS_REGION` is set by Lambda; `AWS_ENDPOINT_URL_<ID>` (tests,
 * local stand-ins) overrides the endpoint.
 */
import { endpointFor, JsonServiceClient } from '@switchboard/shared/aws-http';

export function signedClient(service: string, serviceId: string, host: string): JsonServiceClient {
  const region = process.env.AWS_REGION ?? 'us-east-1';
  return new JsonServiceClient({ service, region, endpoint: endpointFor(serviceId, `${host}.${region}.amazonaws.com`) });
}

export const dynamoDbClient = () => signedClient('dynamodb', 'DYNAMODB', 'dynamodb');
