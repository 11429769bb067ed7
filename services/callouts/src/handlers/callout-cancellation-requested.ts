/** The callout-cancellation-requested Lambda: see src/composition/callout-cancellation-requested.ts. */
import { calloutCancellationRequestedHandler } from '../composition/callout-cancellation-requested.ts';

export const handler = calloutCancellationRequestedHandler();
