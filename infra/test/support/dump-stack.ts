/**
 * Child-process entry: `node --import tsx infra/test/support/dump-stack.ts <stack> '<config JSON>' [program]` runs the stage
 * program for one stack under mocks and prints the StackRun as JSON on stdout. Lets one test compare two stacks
 * (dev and prod) although the Pulumi runtime can host only one program per process.
 */
import { runStack } from './stack-harness.ts';

const [stack, configJson = '{}', program] = process.argv.slice(2);
if (!stack) {
  console.error('usage: dump-stack.ts <stack> [config JSON] [program module URL]');
  process.exit(2);
}
const run = await runStack(stack, JSON.parse(configJson) as Record<string, unknown>, program);
process.stdout.write(JSON.stringify(run));
