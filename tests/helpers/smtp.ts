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

/** The login a server asks for; a test may change the password to make the CMS's one wrong. */
export interface SmtpLogin {
  user: string;
  password: string;
}

export interface TestSmtpServer {
  port: number;
  /** Every mail received so far, in order. */
  received: ReceivedMail[];
  stop(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on a loopback port, plain (no TLS), keeping its mail; without
 * `login` it takes mail from anyone, with it only after AUTH with that user and password.
 */
export async function startSmtpServer(
  port = 0,
  received: ReceivedMail[] = [],
  login?: SmtpLogin,
  /**
   * Runs once a mail is received whole, before the server answers that it took it (250): as a
   * real server, the mail is kept even when the sender is gone before the answer.
   */
  beforeAnswer?: (mail: ReceivedMail, count: number) => Promise<void> | void,
): Promise<TestSmtpServer> {
  const server = new SMTPServer({
    authOptional: !login,
    allowInsecureAuth: true,
    disabledCommands: login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    onAuth(auth, _session, callback) {
      if (login && auth.username === login.user && auth.password === login.password)
        callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    logger: false,
    // A sender's kept-open connection is cut a second after stop(), not smtp-server's 30 s.
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then(async (mail) => {
            const each = {
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              mail,
              raw,
            };
            received.push(each);
            await beforeAnswer?.(each, received.length);
          })
          .then(() => callback(), callback);
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

const SMTP_VARIABLES = [
  'SMTP_HOST',
  'SMTP_PORT',
  'SMTP_USER',
  'SMTP_PASSWORD',
  'MAIL_TO',
  'MAIL_FROM',
];

/** Points the mails of a CMS started after this at `port` (the CMS reads these when it starts). */
export function useSmtp(port: number, login?: SmtpLogin): void {
  useMailFolder();
  Object.assign(process.env, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(port),
    MAIL_TO: 'konsulent@example.test',
    MAIL_FROM: 'Sitet <kontakt@example.test>',
    ...(login ? { SMTP_USER: login.user, SMTP_PASSWORD: login.password } : {}),
  });
}

/** No SMTP: a CMS started after this writes each mail as an .eml file. */
export function useMailFolder(): void {
  for (const name of SMTP_VARIABLES) delete process.env[name];
}
