/**
 * The sms slice of the stack config: `switchboard:sms` in Pulumi.<stack>.yaml. Composed into infra/config.ts
 * (infra/service-config-schemas.ts) by the lead.
 */
import * as z from 'zod';

const newNumberSchema = z
  .object({
    /** ISO 3166 alpha-2 country of the number. @default US */
    isoCountryCode: z
      .string()
      .regex(/^[A-Z]{2}$/u)
      .default('US'),
    /**
     * TOLL_FREE (US: needs a verified toll-free registration), TEN_DLC (US: brand + campaign registration),
     * LONG_CODE (other countries), SIMULATOR (End User Messaging's simulator numbers, for testing).
     * @default TOLL_FREE
     */
    numberType: z.enum(['TOLL_FREE', 'TEN_DLC', 'LONG_CODE', 'SIMULATOR']).default('TOLL_FREE'),
    /** The End User Messaging registration (toll-free verification or 10DLC campaign) the number is bound to. */
    registrationId: z.string().min(1).optional(),
  })
  .refine((n) => n.numberType === 'SIMULATOR' || n.numberType === 'LONG_CODE' || n.registrationId, {
    message: 'US toll-free and 10DLC numbers cannot send before registration: set registrationId (see services/sms/README.md)',
    path: ['registrationId'],
  });

export const smsConfigSchema = z
  .object({
    /**
     * An existing origination identity to send from (phone number or pool ARN, `arn:aws:sms-voice:…`). When absent,
     * the component requests a number as `newNumber` describes.
     * @default undefined (request a number)
     */
    originationIdentityArn: z.string().startsWith('arn:aws:sms-voice:').optional(),
    /** How to request a number when no originationIdentityArn is given. @default { isoCountryCode: 'US', numberType: 'TOLL_FREE' } */
    newNumber: newNumberSchema.optional(),
    /**
     * end-user-messaging (SendTextMessage) or pinpoint (SendMessages, for accounts that still have a Pinpoint project).
     * @default end-user-messaging
     */
    provider: z.enum(['end-user-messaging', 'pinpoint']).default('end-user-messaging'),
    /** Required with provider pinpoint. */
    pinpointApplicationId: z.string().min(1).optional(),
    /**
     * Message parts per second the origination identity may send (toll-free 3, 10DLC per campaign tier), enforced
     * across all function instances by one token bucket in the state table. @default 1
     */
    sendRatePerSecond: z.number().positive().max(1000).default(1),
    /** @default 10 */
    sendBurst: z.number().int().min(1).max(1000).default(10),
    /** libphonenumber, or also the (charged) carrier lookup. @default libphonenumber */
    phoneValidation: z.enum(['libphonenumber', 'carrier-lookup']).default('libphonenumber'),
    /** @default US */
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/u)
      .default('US'),
    /**
     * Countries texts may go to. End User Messaging's protect configuration blocks every other country as a second
     * line behind the service's own number guard. @default [defaultCountry]
     */
    allowedCountries: z
      .array(z.string().regex(/^[A-Z]{2}$/u))
      .min(1)
      .optional(),
    /** An existing chat contact flow; when absent, the component creates one (greeting → queue). */
    chatContactFlowId: z.string().min(1).optional(),
    /** @default "Hi, you are being put into the queue." */
    queueGreeting: z.string().min(1).max(1024).default('Hi, you are being put into the queue.'),
    /** @default ["AGENT"] */
    agentKeywords: z.array(z.string().min(1).max(32)).min(1).default(['AGENT']),
    /** @default 2 */
    maxUnansweredBeforeEscalation: z.number().int().min(1).max(20).default(2),
    /** @default 60 */
    offerTimeoutMinutes: z.number().int().min(1).max(10_080).default(60),
    /** @default 30 */
    idleTimeoutMinutes: z.number().int().min(1).max(10_080).default(30),
    /** How long a message waits for late (out-of-order) SNS deliveries before it is processed. @default 500 */
    reorderWindowMs: z.number().int().min(0).max(10_000).default(500),
    /** Lex locale of the FAQ bot. @default en_US */
    lexLocaleId: z
      .string()
      .regex(/^[a-z]{2}_[A-Z]{2}$/u)
      .default('en_US'),
    /** Reserved concurrency of the SMS-sending functions, so the rate limit holds across instances. @default 10 */
    senderConcurrency: z.number().int().min(1).max(1000).default(10),
  })
  .refine((c) => c.provider !== 'pinpoint' || c.pinpointApplicationId, {
    message: 'provider pinpoint needs pinpointApplicationId',
    path: ['pinpointApplicationId'],
  })
  .default({
    provider: 'end-user-messaging',
    sendRatePerSecond: 1,
    sendBurst: 10,
    phoneValidation: 'libphonenumber',
    defaultCountry: 'US',
    queueGreeting: 'Hi, you are being put into the queue.',
    agentKeywords: ['AGENT'],
    maxUnansweredBeforeEscalation: 2,
    offerTimeoutMinutes: 60,
    idleTimeoutMinutes: 30,
    reorderWindowMs: 500,
    lexLocaleId: 'en_US',
    senderConcurrency: 10,
  });

export type SmsStackConfig = z.output<typeof smsConfigSchema>;

/** The name infra/service-config-schemas.ts composes: `sms: configSchema`. */
export const configSchema = smsConfigSchema;
