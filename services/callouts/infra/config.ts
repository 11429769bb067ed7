/**
 * The callouts slice of the stack config: `switchboard:callouts` in Pulumi.<stack>.yaml (composed into
 * infra/config.ts by the lead).
 */
import * as z from 'zod';

export const calloutsConfigSchema = z
  .object({
    /**
     * Calls in flight per job (Distributed Map MaxConcurrency); at most `connectConcurrentCallQuota`.
     * @default 10
     */
    maxConcurrency: z.number().int().min(1).max(1000).default(10),
    /**
     * The Connect instance's "concurrent active calls" quota (default 10; request more in Service Quotas).
     * @default 10
     */
    connectConcurrentCallQuota: z.number().int().min(1).max(10_000).default(10),
    /** A call that stops reporting for this long is given up (Failed, retried by policy). @default 300 */
    heartbeatSeconds: z.number().int().min(30).max(3600).default(300),
    /** The longest a call may take, ringing to ending. @default 1800 */
    callTimeoutSeconds: z.number().int().min(60).max(86_400).default(1800),
    /** Attempts per number per rolling 24 h, across jobs. @default 3 */
    maxAttemptsPer24h: z.number().int().min(1).max(20).default(3),
    /** Report links' lifetime in seconds (SigV4 allows at most 7 days). @default 604800 */
    reportLinkSeconds: z.number().int().min(60).max(604_800).default(604_800),
    /** StartOutboundVoiceContact per second per dial worker; 2 workers. @default 1 (≈ 2/s, Connect's default rate) */
    dialRatePerWorker: z.number().positive().max(5).default(1),
    /** E-mail subscribed to job-completion messages (confirmed by the recipient). */
    completionEmail: z.email().optional(),
    /** Polly voice of the contact flow's prompts. @default Joanna */
    voice: z.string().min(1).default('Joanna'),
  })
  .refine((c) => c.maxConcurrency <= c.connectConcurrentCallQuota, {
    message: 'maxConcurrency must not exceed connectConcurrentCallQuota',
    path: ['maxConcurrency'],
  })
  .refine((c) => c.heartbeatSeconds < c.callTimeoutSeconds, {
    message: 'heartbeatSeconds must be shorter than callTimeoutSeconds',
    path: ['heartbeatSeconds'],
  })
  .default({
    maxConcurrency: 10,
    connectConcurrentCallQuota: 10,
    heartbeatSeconds: 300,
    callTimeoutSeconds: 1800,
    maxAttemptsPer24h: 3,
    reportLinkSeconds: 604_800,
    dialRatePerWorker: 1,
    voice: 'Joanna',
  });

export type CalloutsConfig = z.output<typeof calloutsConfigSchema>;
