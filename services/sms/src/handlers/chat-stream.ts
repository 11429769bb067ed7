/** Lambda entry point (built from its own environment: see src/composition/chat-stream.ts). */
import { chatStream } from '../composition/chat-stream.ts';

export const handler = chatStream;
