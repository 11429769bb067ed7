/**
 * The iot-triage slice of the stack config: `switchboard:iot-triage` in Pulumi.<stack>.yaml. Composed into
 * infra/config.ts by the lead.
 */
import * as z from 'zod';

const thingName = z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/, 'an AWS IoT thing name');

export const iotTriageConfigSchema = z
  .object({
    /** Verified SES identity the ticket e-mails are sent from. */
    sesFromAddress: z.email(),
    /**
     * Ticket recipients for sites whose record lists none.
     * @default []
     */
    ticketEmails: z.array(z.email()).default([]),
    /**
     * The things to register (one certificate each when the simulator runs). Site records come from
     * knowledge/devices.seed.json for the seed's four; others are added through the devices table.
     * @default ['aircon_1', 'aircon_2', 'aircon_3', 'aircon_4']
     */
    devices: z.array(thingName).min(1).max(100).default(['aircon_1', 'aircon_2', 'aircon_3', 'aircon_4']),
    /**
     * The agent's foundation model. Small and cheap on purpose: the runbook decides the actions; the model only
     * explains, triages codes the runbook lacks (ticket only) and answers operators.
     * @default 'amazon.nova-micro-v1:0'
     */
    agentModel: z.string().min(1).default('amazon.nova-micro-v1:0'),
    /**
     * Embedding model of the knowledge base (1024 dimensions, as the S3 Vectors index is created).
     * @default 'amazon.titan-embed-text-v2:0'
     */
    embeddingModel: z.string().min(1).default('amazon.titan-embed-text-v2:0'),
    /** @default 300 */
    ackTimeoutSeconds: z.number().int().min(30).max(86_400).default(300),
    /** @default 600 */
    recoveryTimeoutSeconds: z.number().int().min(60).max(86_400).default(600),
    /** @default 3 */
    recoveryReadings: z.number().int().min(1).max(60).default(3),
    /** @default 1800 */
    flapWindowSeconds: z.number().int().min(0).max(604_800).default(1800),
    /**
     * Telemetry queue → detector batching (the SQS event source mapping).
     * @default { batchSize: 100, maximumBatchingWindowSeconds: 10 }
     */
    telemetryBatch: z
      .object({ batchSize: z.number().int().min(1).max(1000), maximumBatchingWindowSeconds: z.number().int().min(0).max(300) })
      .default({ batchSize: 100, maximumBatchingWindowSeconds: 10 }),
    /**
     * The device simulator as a Fargate task, with one certificate per device in Secrets Manager. Refused on prod.
     * @default { enabled: false, intervalSeconds: 60 }
     */
    simulator: z
      .object({
        enabled: z.boolean(),
        intervalSeconds: z.number().int().min(1).max(3600),
        /** A prebuilt image; absent = built from services/iot-triage/simulator/Dockerfile into a stage ECR repository. */
        image: z.string().min(1).optional(),
      })
      .default({ enabled: false, intervalSeconds: 60 }),
    /**
     * `POST /devices/{id}/faults`. Ignored (always off) on the prod profile.
     * @default true
     */
    allowFaultInjection: z.boolean().default(true),
  })
  .strict();

export type IotTriageConfig = z.infer<typeof iotTriageConfigSchema>;
