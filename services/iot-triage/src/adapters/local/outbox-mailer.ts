/**
 * TicketMailer for the local stage, standing in for SES: each e-mail SES would send is written as one `.eml` file
 * (headers, blank line, text) under the stage's data folder — `<dataDir>/iot-triage-outbox/<date>/<ticket>.eml` — so
 * it opens in any mail client or `cat`. The stage's banner prints the folder; each e-mail is logged with its file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Ticket, TicketMailer } from '../../domain/ports.ts';
import { renderTicketEmail } from '../ticket-email.ts';

export class OutboxMailer implements TicketMailer {
  constructor(
    /** The outbox folder (`<dataDir>/iot-triage-outbox` on the stage). */
    readonly folder: string,
    private readonly onSent?: (file: string, recipients: readonly string[]) => void,
  ) {}

  async send(ticket: Ticket, recipients: readonly string[]): Promise<void> {
    const email = renderTicketEmail(ticket);
    const message = [`To: ${recipients.join(', ')}`, `Subject: ${email.subject}`, 'Content-Type: text/plain; charset=utf-8', '', email.text, ''].join(
      '\n',
    );
    // Ticket ids come from the service, but a file name is built from them: keep it to safe characters.
    const file = path.join(
      this.folder,
      ticket.createdAt.slice(0, 10).replace(/[^0-9-]/g, ''),
      `${ticket.ticketId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`,
    );
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, message, 'utf8');
    this.onSent?.(file, recipients);
  }
}
