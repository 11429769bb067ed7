/** The stage program's shape with only the routing service (PBX and two numbers configured): config → platform → routing → outputs. */
import { allContracts } from '@switchboard/shared/contracts';
import { SwitchboardPlatform } from '@switchboard/infra/components';
import { loadStackConfig } from '@switchboard/infra/config';
import { RoutingService, routingConfigSchema } from '../../infra/index.ts';

const config = loadStackConfig();
const platform = new SwitchboardPlatform('platform', { config, contracts: allContracts });
const routing = new RoutingService('routing', {
  platform,
  config: routingConfigSchema.parse({
    phoneNumbers: ['+18005550100', '+18005550101'],
    pbx: {
      domainName: 'pbx.example.com',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      image: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/asterisk:1.0.0',
      agentCidrs: ['198.51.100.0/24'],
      certificateEmail: 'voice-ops@example.com',
    },
  }),
});

export const apiUrl = routing.apiUrl;
export const voiceConnectorId = routing.voiceConnectorId;
