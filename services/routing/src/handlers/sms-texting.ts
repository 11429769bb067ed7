/** Lambda entry point, built from its own environment: see src/composition/sms-texting.ts. */
import { smsTexting } from '../composition/sms-texting.ts';

export const handler = smsTexting;
