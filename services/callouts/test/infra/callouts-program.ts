/** The stage program's shape with only the callouts service: config → platform → callouts → outputs. */
import { allContracts } from '@switchboard/shared/contracts';
import { SwitchboardPlatform } from '@switchboard/infra/components';
import { loadStackConfig } from '@switchboard/infra/config';
import { CalloutsService } from '../../infra/index.ts';

const config = loadStackConfig();
const platform = new SwitchboardPlatform('platform', { config, contracts: allContracts });
const callouts = new CalloutsService('callouts', {
  platform,
  config: {
    maxConcurrency: 8,
    connectConcurrentCallQuota: 10,
    heartbeatSeconds: 300,
    callTimeoutSeconds: 1800,
    maxAttemptsPer24h: 3,
    reportLinkSeconds: 604_800,
    dialRatePerWorker: 1,
    voice: 'Joanna',
    completionEmail: 'teacher@example.com',
  },
});

export const apiUrl = callouts.apiUrl;
export const stateMachineArn = callouts.stateMachineArn;
