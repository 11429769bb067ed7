/**
 * The FAQ the local stage starts with (when the table is empty), so the bot answers something on a fresh
 * checkout. Replace it through `PUT /faq` or `PUT /faq/csv` like in AWS.
 */
import type { FaqEntry } from '../../domain/faq.ts';

export const SAMPLE_FAQ: FaqEntry[] = [
  {
    id: 'opening-hours',
    question: 'What are your opening hours?',
    utterances: ['when are you open', 'opening times', 'are you open on the weekend'],
    answer: 'Our agents work Monday to Friday, 8am to 8pm, and Saturday 9am to 1pm.',
  },
  {
    id: 'reset-password',
    question: 'How do I reset my password?',
    utterances: ['forgot my password', 'password reset', 'cannot log in'],
    answer: 'Open the app, tap "Forgot password" and follow the link we e-mail you. It is valid for 30 minutes.',
  },
  {
    id: 'billing-date',
    question: 'When is my bill due?',
    utterances: ['bill due date', 'when do I pay', 'payment date'],
    answer: 'Bills are due 21 days after the statement date shown at the top of your bill.',
  },
  {
    id: 'update-address',
    question: 'How do I change my address?',
    utterances: ['moved house', 'new address', 'update my address'],
    answer: 'Go to Profile > Address in the app, or tell the agent your new address when they join.',
  },
];
