import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DOVECOT = '/usr/sbin/dovecot';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const idOf = (name: string) => {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  return line ? { uid: Number(line.split(':')[2]), gid: Number(line.split(':')[3]) } : null;
};

/**
 * A real IMAP server for tests: Debian's dovecot on a free loopback port with a throwaway config, passwd-file users
 * and maildirs in a temporary folder. As root, dovecot refuses to run logins or mail as root, so the package's own
 * users (dovenull, dovecot) take those roles; otherwise everything runs as the current user.
 */
export async function startDovecot(users: { user: string; password: string }[]) {
  if (!existsSync(DOVECOT)) throw new Error(`${DOVECOT} is missing: apt-get install -y dovecot-imapd (.ci/run does)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const root = process.getuid?.() === 0;
  const me = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  const mailOwner = root ? (idOf('dovecot') ?? me) : me;
  const loginUser = root ? 'dovenull' : (process.env.USER ?? String(me.uid));
  const internalUser = root ? 'dovecot' : (process.env.USER ?? String(me.uid));
  const home = path.join(dir, 'home');
  mkdirSync(home);
  if (root) chownSync(home, mailOwner.uid, mailOwner.gid);
  writeFileSync(path.join(dir, 'passwd'), users.map((u) => `${u.user}:{PLAIN}${u.password}`).join('\n') + '\n');
  writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = pw-test-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${loginUser}
default_internal_user = ${internalUser}
first_valid_uid = ${Math.min(mailOwner.uid, 1)}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailOwner.uid} gid=${mailOwner.gid} home=${home}/%u
}
mail_location = maildir:~/Maildir
`,
  );
  // No pipes: the daemon keeps inherited descriptors open, and a piped spawnSync would wait for them forever.
  const started = spawnSync(DOVECOT, ['-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore', timeout: 10_000 });
  const log = () =>
    existsSync(path.join(dir, 'dovecot.log')) ? readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : '';
  if (started.status !== 0) throw new Error(`dovecot did not start (exit ${started.status}): ${log()}`);
  // The master forks and listens shortly after: wait until the port answers.
  const { connect } = await import('node:net');
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1', () => (sock.end(), resolve(true)));
      sock.once('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host: '127.0.0.1',
    port,
    dir,
    log,
    async stop() {
      spawnSync(DOVECOT, ['-c', path.join(dir, 'dovecot.conf'), 'stop'], { stdio: 'ignore', timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 200));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
