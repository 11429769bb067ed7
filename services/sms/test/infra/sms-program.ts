/** The stage program's shape with only the sms service: config → platform → sms → outputs. */
import { allContracts } from '@switchboard/shared/contracts';
import { SwitchboardPlatform } from '@switchboard/infra/components';
import { loadStackConfig } from '@switchboard/infra/config';
import { smsConfigSchema, SmsService } from '../../infra/index.ts';

const config = loadStackConfig();
const platform = new SwitchboardPlatform('platform', { config, contracts: allContracts });
// The sms slice is not composed into the stack config yet (infra/service-config-schemas.ts): given here.
const sms = new SmsService('sms', {
  platform,
  config: smsConfigSchema.parse({
    newNumber: { isoCountryCode: 'US', numberType: 'TOLL_FREE', registrationId: 'registration-0123456789abcdef' },
    reorderWindowMs: 400,
  }),
});

export const apiUrl = sms.apiUrl;
export const inboundTopicArn = sms.inboundTopicArn;
