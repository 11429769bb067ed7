/** The callout-requested Lambda: see src/composition/callout-requested.ts. */
import { calloutRequestedHandler } from '../composition/callout-requested.ts';

export const handler = calloutRequestedHandler();
