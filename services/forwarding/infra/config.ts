/**
 * The forwarding slice of the stack config: `switchboard:forwarding` in Pulumi.<stack>.yaml. Composed into
 * infra/config.ts by the lead (services are wired there, not here).
 */
import * as z from 'zod';

export const forwardingConfigSchema = z
  .object({
    /**
     * Destination countries (ISO 3166 alpha-2). Empty: each forwarded number may only forward within its own country.
     * @default []
     */
    allowedCountries: z.array(z.string().regex(/^[A-Z]{2}$/)).default([]),
    /** @default 5 (the toll-fraud guard's ceiling; lower it, never raise it) */
    maxDestinations: z.number().int().min(1).max(5).default(5),
    /** Forward changes per user per window. @default 10 */
    rateLimitChanges: z.number().int().min(1).max(1000).default(10),
    /** @default 3600 */
    rateLimitWindowSeconds: z.number().int().min(60).max(86_400).default(3600),
    /**
     * Where the self-service page is served from when it has a custom domain in front of CloudFront
     * (`https://forwarding.example.com`); it must also be in `switchboard:allowedOrigins` for the Cognito callback.
     * @default the CloudFront distribution's own https://<id>.cloudfront.net
     */
    pageOrigin: z
      .url()
      .regex(/^https:\/\/[^/]+$/, 'https://host without a path')
      .optional(),
    /** Polly voice for spoken texts (custom message, screening). @default Joanna */
    pollyVoiceId: z.string().min(1).default('Joanna'),
    /** @default en-US */
    pollyLanguageCode: z.string().min(2).default('en-US'),
  })
  .default({
    allowedCountries: [],
    maxDestinations: 5,
    rateLimitChanges: 10,
    rateLimitWindowSeconds: 3600,
    pollyVoiceId: 'Joanna',
    pollyLanguageCode: 'en-US',
  });

export type ForwardingConfig = z.output<typeof forwardingConfigSchema>;

/** The name infra/service-config-schemas.ts composes: `forwarding: configSchema`. */
export const configSchema = forwardingConfigSchema;
