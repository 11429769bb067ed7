/** The stage program's shape with only the routing service: config → platform → routing → outputs. */
import { allContracts } from '@switchboard/shared/contracts';
import { SwitchboardPlatform } from '@switchboard/infra/components';
import { loadStackConfig } from '@switchboard/infra/config';
import { RoutingService } from '../../infra/index.ts';

const config = loadStackConfig();
const platform = new SwitchboardPlatform('platform', { config, contracts: allContracts });
// The routing slice comes through the stack config, as in the real stage program.
const routing = new RoutingService('routing', { platform, config: config.services.routing });

export const apiUrl = routing.apiUrl;
export const voiceConnectorId = routing.voiceConnectorId;
