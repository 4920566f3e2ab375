/** Sending email, as a port: the SMTP adapter is src/mail/smtp.ts; tests may pass their own. */
export interface OutgoingEmail {
  /** One address. */
  to: string;
  subject: string;
  /** Plain text. */
  text: string;
}

export interface Mailer {
  /** Resolves when the mail server has accepted the message; rejects with the reason otherwise. */
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}
