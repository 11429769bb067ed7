/** The stage program's shape with only iot-triage in it (for the Pulumi mock test): config → platform → service. */
import { allContracts } from '@switchboard/shared/contracts';
import { SwitchboardPlatform } from '@switchboard/infra/components';
import { loadStackConfig } from '@switchboard/infra/config';
import { IotTriage, iotTriageConfigSchema } from '../../infra/index.ts';

const config = loadStackConfig();
const platform = new SwitchboardPlatform('platform', { config, contracts: allContracts });
// The committed slice, with the simulator switched on where the stage allows test hooks (so both shapes are checked).
const slice = config.services['iot-triage'];
const iotTriage = new IotTriage('iot-triage', {
  platform,
  config: iotTriageConfigSchema.parse({
    ...slice,
    simulator: { enabled: platform.settings.testHooks, intervalSeconds: 60, image: 'public.ecr.aws/example/simulator:1' },
  }),
});

export const apiUrl = iotTriage.apiUrl;
