/**
 * The mailer port over SMTP, with nodemailer. `url` is smtp://user:pass@host:587 (STARTTLS when the
 * server offers it) or smtps://user:pass@host:465 (TLS from the start).
 */
import nodemailer from 'nodemailer';
import type { Mailer, OutgoingEmail } from '../app/mailer.js';

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url,
    // Fail within a minute rather than hang the worker on a server that does not answer.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  } as nodemailer.TransportOptions);
  return {
    async send(email: OutgoingEmail): Promise<void> {
      await transport.sendMail({ from, to: email.to, subject: email.subject, text: email.text });
    },
    close(): void {
      transport.close();
    },
  };
}
