/** TicketMailer on Amazon SES v2 (SendEmail). */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Ticket, TicketMailer } from '../../domain/ports.ts';
import { renderTicketEmail } from '../ticket-email.ts';

export class SesTicketMailer implements TicketMailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly fromAddress: string,
    private readonly configurationSet?: string,
  ) {}

  async send(ticket: Ticket, recipients: readonly string[]): Promise<void> {
    const email = renderTicketEmail(ticket);
    await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.fromAddress,
        Destination: { ToAddresses: [...recipients] },
        Content: { Simple: { Subject: { Data: email.subject, Charset: 'UTF-8' }, Body: { Text: { Data: email.text, Charset: 'UTF-8' } } } },
        ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
      }),
    );
  }
}
