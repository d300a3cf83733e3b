import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export type Received = { from: string; to: string[]; raw: string; parsed: ParsedMail };

/**
 * A real SMTP server on a loopback port (the smtp-server package) that keeps what it receives.
 * `auth` makes it require this user and password; `reject` answers a recipient with an SMTP error.
 */
export async function startSmtp(
  opts: {
    auth?: { user: string; password: string };
    reject?: (to: string) => { code: number; message: string } | null;
    delayMs?: number;
  } = {},
) {
  const received: Received[] = [];
  const options: SMTPServerOptions = {
    secure: false,
    disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.password)
        return cb(null, { user: auth.username });
      return cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      const refusal = opts.reject?.(address.address);
      if (refusal) return cb(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        });
        cb();
      });
    },
  };
  const server = new SMTPServer(options);
  // A client killed mid-conversation (the crash tests) resets its connection: expected, not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return {
    host: '127.0.0.1',
    port,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * An SMTP server that takes the whole message and then drops the connection without answering: the sender cannot
 * know whether the message was accepted. `received` counts the messages it read to the end.
 */
export async function startDroppingSmtp() {
  const { createServer } = await import('node:net');
  const state = { received: 0 };
  const server = createServer((sock) => {
    sock.write('220 dropper ESMTP\r\n');
    let inData = false;
    let buf = '';
    sock.on('error', () => undefined);
    sock.on('data', (d) => {
      buf += d.toString();
      if (inData) {
        if (buf.includes('\r\n.\r\n')) {
          state.received++;
          sock.destroy();
        }
        return;
      }
      for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (/^DATA/i.test(line)) {
          sock.write('354 go ahead\r\n');
          inData = true;
          return;
        }
        sock.write(/^QUIT/i.test(line) ? '221 bye\r\n' : '250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return { host: '127.0.0.1', port, state, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
