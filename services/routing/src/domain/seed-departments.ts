/**
 * The routing table's first contents, written on first deploy and on the local stage when the table is
 * empty. The four departments and their extensions are the sample's (`departmentDirectory` seed items:
 * science 600100, art 600200, history 600300, math 600400 on the Voice Connector); the synonyms, keypad
 * keys and the operator entry are ours — the sample had no operator and dialled `000000` instead.
 *
 * No business hours: the sample's departments are always open; set hours through the API.
 */
import type { DepartmentInput } from './department.ts';

export const SEED_DEPARTMENTS: readonly DepartmentInput[] = Object.freeze([
  {
    name: 'science',
    synonyms: ['sciences', 'biology', 'chemistry', 'physics'],
    dtmfKey: '1',
    destination: { type: 'voiceConnector', extension: '600100' },
  },
  {
    name: 'art',
    synonyms: ['arts', 'painting', 'drawing'],
    dtmfKey: '2',
    destination: { type: 'voiceConnector', extension: '600200' },
  },
  {
    name: 'history',
    synonyms: ['histories', 'historian'],
    dtmfKey: '3',
    destination: { type: 'voiceConnector', extension: '600300' },
  },
  {
    name: 'math',
    synonyms: ['maths', 'mathematics', 'algebra'],
    dtmfKey: '4',
    destination: { type: 'voiceConnector', extension: '600400' },
  },
  {
    name: 'operator',
    synonyms: ['agent', 'reception', 'receptionist', 'representative', 'someone', 'person', 'human'],
    dtmfKey: '0',
    // Asterisk rings the softphone agents on 600000 (see services/routing/asterisk/extensions.conf).
    destination: { type: 'voiceConnector', extension: '600000' },
  },
]);
