/**
 * The routing slice of the stack config: `switchboard:routing` in Pulumi.<stack>.yaml. Composed into
 * infra/config.ts by the lead.
 */
import * as z from 'zod';

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number');
const cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/, 'must be an IPv4 CIDR');

export const routingConfigSchema = z
  .object({
    /**
     * Chime SDK phone numbers (E.164) that ring the IVR: one SIP rule each. Order numbers in the Chime SDK
     * console or with `aws chime-sdk-voice create-phone-number-order` (product type SipMediaApplicationDialIn)
     * first; there is no Pulumi resource for ordering numbers.
     * @default []
     */
    phoneNumbers: z.array(e164).max(25).default([]),
    /**
     * Where callers go when the routing table is unreachable: an E.164 number or a PBX extension.
     * @default "600000" (the operator extension on Asterisk)
     */
    fallbackOperator: z.union([e164, z.string().regex(/^\d{2,15}$/)]).default('600000'),
    /** @default "Thank you for calling." */
    greeting: z.string().min(1).max(300).default('Thank you for calling.'),
    /** Polly voice for prompts and the bot. @default Joanna */
    voiceId: z.string().min(1).default('Joanna'),
    /** Countries the PBX may call out to through the Voice Connector (termination calling plan). @default ["US"] */
    callingRegions: z
      .array(z.string().regex(/^[A-Z]{2}$/))
      .min(1)
      .default(['US']),
    /** Calls per second the PBX may start through the Voice Connector. @default 1 */
    terminationCpsLimit: z.number().int().min(1).max(100).default(1),
    /**
     * The Asterisk PBX on Fargate. Absent: no PBX is deployed; the Voice Connector is still created (encrypted)
     * and origination stays unset until you point it at your own PBX.
     */
    pbx: z
      .object({
        /** Fully qualified name the Voice Connector dials (TLS certificate subject), e.g. pbx.example.com. */
        domainName: z.string().regex(/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lowercase FQDN'),
        /** Public Route 53 hosted zone holding `domainName` (its record follows the running task). */
        hostedZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, 'must be a Route 53 hosted zone id'),
        /**
         * A prebuilt image of services/routing/asterisk, e.g. <account>.dkr.ecr.<region>.amazonaws.com/asterisk:1.0.
         * Absent: `pulumi up` builds services/routing/asterisk for `architecture` and pushes it to an ECR repository of
         * the stage (needs a Docker daemon where `pulumi up` runs; `npm run preflight` checks for one).
         */
        image: z.string().min(3).optional(),
        /** CPU architecture of the image and the Fargate task (they must match). @default ARM64 */
        architecture: z.enum(['ARM64', 'X86_64']).default('ARM64'),
        /** Agents' networks allowed to reach the softphone (WSS 8089). Empty: no softphone access. @default [] */
        agentCidrs: z.array(cidr).max(20).default([]),
        /** E-mail for the Let's Encrypt account of the PBX certificate. */
        certificateEmail: z.email(),
      })
      .optional(),
  })
  .default({
    phoneNumbers: [],
    fallbackOperator: '600000',
    greeting: 'Thank you for calling.',
    voiceId: 'Joanna',
    callingRegions: ['US'],
    terminationCpsLimit: 1,
  });

export type RoutingConfig = z.output<typeof routingConfigSchema>;
