/** The stage program's shape with only the forwarding service: config → platform → forwarding → outputs. */
import { allContracts } from '@switchboard/shared/contracts';
import { SwitchboardPlatform } from '@switchboard/infra/components';
import { loadStackConfig } from '@switchboard/infra/config';
import { ForwardingService } from '../../infra/index.ts';

const config = loadStackConfig();
const platform = new SwitchboardPlatform('platform', { config, contracts: allContracts });
const forwarding = new ForwardingService('forwarding', { platform, config: config.services.forwarding });

export const apiUrl = forwarding.apiUrl;
export const pageUrl = forwarding.pageUrl;
