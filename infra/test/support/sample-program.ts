/** The stage program's shape with the sample service in place of the five: config → platform → service → outputs. */
import { allContracts } from '@switchboard/shared/contracts';
import { SwitchboardPlatform } from '../../components/index.ts';
import { loadStackConfig } from '../../config.ts';
import { SampleService } from './sample-service.ts';

const config = loadStackConfig();
const platform = new SwitchboardPlatform('platform', { config, contracts: allContracts });
const sample = new SampleService('sample', { platform, config: {} });

export const apiUrl = sample.apiUrl;
export const busName = platform.bus.name;
