/** Lambda entry point, built from its own environment: see src/composition/pbx-address.ts. */
import { pbxAddress } from '../composition/pbx-address.ts';

export const handler = pbxAddress;
