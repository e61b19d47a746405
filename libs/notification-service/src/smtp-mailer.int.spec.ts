import { createServer, type Server, type Socket } from 'node:net';
import { MailNotAccepted } from './mailer';
import { SmtpMailer } from './smtp-mailer';

type Behaviour = 'accept' | 'reject-recipient' | 'hang-up-after-data' | 'busy';

/** Just enough of an SMTP server (RFC 5321) to see what the mailer does with each answer. */
function fakeSmtpServer(behaviour: Behaviour, received: string[]): Promise<{ server: Server; port: number }> {
  const server = createServer((socket: Socket) => {
    let inData = false;
    let message = '';
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply(behaviour === 'busy' ? '421 try again later' : '220 fake ESMTP');
    if (behaviour === 'busy') return void socket.end();
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let index: number;
      while ((index = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            if (behaviour === 'hang-up-after-data') return void socket.destroy();
            received.push(message);
            reply('250 queued');
          } else message += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 fake');
        else if (verb === 'MAIL') reply('250 ok');
        else if (verb === 'RCPT') reply(behaviour === 'reject-recipient' ? '550 no such user' : '250 ok');
        else if (verb === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('250 ok');
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

const mail = { to: 'c-1@customers.invalid', subject: 'Order ORD-2026-000001 confirmed', text: 'thank you', attachments: [{ filename: 'invoice.txt', content: 'Total: €1.00' }] };

describe('SmtpMailer against a minimal SMTP server', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((server) => server.close()));

  async function mailerFor(behaviour: Behaviour, received: string[] = []): Promise<SmtpMailer> {
    const { server, port } = await fakeSmtpServer(behaviour, received);
    servers.push(server);
    return new SmtpMailer(`smtp://127.0.0.1:${port}`);
  }

  it('sends the message with its attachment', async () => {
    const received: string[] = [];
    const mailer = await mailerFor('accept', received);
    await mailer.send(mail);
    await mailer.close();
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('Subject: Order ORD-2026-000001 confirmed');
    expect(received[0]).toContain('invoice.txt');
  });

  it('reports a refusal as certainly not sent (retried later)', async () => {
    await expect((await mailerFor('reject-recipient')).send(mail)).rejects.toBeInstanceOf(MailNotAccepted);
    await expect((await mailerFor('busy')).send(mail)).rejects.toBeInstanceOf(MailNotAccepted);
    await expect(new SmtpMailer('smtp://127.0.0.1:1').send(mail)).rejects.toBeInstanceOf(MailNotAccepted);
  });

  it('reports a connection lost after the message was transmitted as unknown (never sent again)', async () => {
    const error = await (await mailerFor('hang-up-after-data')).send(mail).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(MailNotAccepted);
  });
});
