/** The stage program's shape with only iot-triage in it (for the Pulumi mock test): config → platform → service. */
import { allContracts } from '@switchboard/shared/contracts';
import { SwitchboardPlatform } from '@switchboard/infra/components';
import { loadStackConfig } from '@switchboard/infra/config';
import { IotTriage, iotTriageConfigSchema } from '../../infra/index.ts';

const config = loadStackConfig();
const platform = new SwitchboardPlatform('platform', { config, contracts: allContracts });
const iotTriage = new IotTriage('iot-triage', {
  platform,
  config: iotTriageConfigSchema.parse({
    sesFromAddress: 'tickets@example.com',
    ticketEmails: ['ops@example.com'],
    simulator: { enabled: platform.profile !== 'prod', intervalSeconds: 60, image: 'public.ecr.aws/example/simulator:1' },
  }),
});

export const apiUrl = iotTriage.apiUrl;
