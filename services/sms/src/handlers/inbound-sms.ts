/** Lambda entry point (built from its own environment: see src/composition/inbound-sms.ts). */
import { inboundSms } from '../composition/inbound-sms.ts';

export const handler = inboundSms;
