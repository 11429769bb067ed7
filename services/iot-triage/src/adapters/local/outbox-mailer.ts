/** TicketMailer for the local stage: the e-mail SES would send, written to the object store (bucket `outbox`). */
import type { LocalObjectStore } from '@switchboard/shared/local';
import type { Ticket, TicketMailer } from '../../domain/ports.ts';
import { renderTicketEmail } from '../ticket-email.ts';

export class OutboxMailer implements TicketMailer {
  constructor(
    private readonly objects: LocalObjectStore,
    private readonly bucket = 'iot-triage-outbox',
  ) {}

  async send(ticket: Ticket, recipients: readonly string[]): Promise<void> {
    const email = renderTicketEmail(ticket);
    const message = [`To: ${recipients.join(', ')}`, `Subject: ${email.subject}`, '', email.text, ''].join('\n');
    await this.objects.put(this.bucket, `${ticket.createdAt.slice(0, 10)}/${ticket.ticketId}.eml`, message, { contentType: 'message/rfc822' });
  }
}
