/** The callout-completed Lambda: see src/composition/callout-completed.ts. */
import { calloutCompletedHandler } from '../composition/callout-completed.ts';

export const handler = calloutCompletedHandler();
