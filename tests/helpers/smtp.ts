import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients. */
  to: string[];
  /** The mail as a mail program reads it (mailparser). */
  mail: ParsedMail;
  /** The message as it came over the wire. */
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  /** Every mail received so far, in order. */
  received: ReceivedMail[];
  stop(): Promise<void>;
}

/** A real SMTP server (smtp-server) on a loopback port, plain and without login, keeping its mail. */
export async function startSmtpServer(
  port = 0,
  received: ReceivedMail[] = [],
): Promise<TestSmtpServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then((mail) => {
          received.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            mail,
            raw,
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Points the CMS's inquiry mails at `port` (the CMS reads these for every mail). */
export function useSmtp(port: number): void {
  Object.assign(process.env, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    MAIL_TO: 'konsulent@example.test',
    MAIL_FROM: 'Sitet <kontakt@example.test>',
  });
}

/** No SMTP: the CMS writes each mail as an .eml file. */
export function useMailFolder(): void {
  for (const name of ['SMTP_HOST', 'SMTP_PORT', 'MAIL_TO', 'MAIL_FROM']) delete process.env[name];
}
