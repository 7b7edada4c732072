import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startSimulator } from './start-simulator.js';

describe('startSimulator', () => {
  it('listens on 127.0.0.1 and a random port, and hands out everything a Daraja adapter needs', async () => {
    const simulator = await startSimulator();
    try {
      expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(simulator.phoneUrl).toBe(`${simulator.url}/phone`);
      expect(simulator.daraja).toEqual({
        baseUrl: `${simulator.url}/daraja`,
        shortcode: '174379',
        passkey: 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919',
        consumerKey: 'lipwa-simulator-key',
        consumerSecret: 'lipwa-simulator-secret',
        initiatorName: 'testapi',
        securityCredential: 'TGlwd2FTaW11bGF0b3JJbml0aWF0b3JDcmVkZW50aWFs',
      });
      expect((await fetch(simulator.phoneUrl)).status).toBe(200);
    } finally {
      await simulator.close();
    }
  });

  it('stops listening on close(), and closing twice is harmless', async () => {
    const simulator = await startSimulator();

    await simulator.close();
    await simulator.close();

    await expect(fetch(simulator.phoneUrl)).rejects.toThrow();
  });

  it('refuses bad options at start-up with config_invalid', async () => {
    await expect(startSimulator({ promptTimeoutMs: -1 })).rejects.toMatchObject({
      code: 'config_invalid',
    });
  });

  it('logs masked phone numbers and never the passkey, secret or tokens', async () => {
    const lines: string[] = [];
    const simulator = await startSimulator({ log: (line) => lines.push(line) });
    try {
      const basic = Buffer.from('lipwa-simulator-key:lipwa-simulator-secret').toString('base64');
      const { access_token: token } = (await (
        await fetch(`${simulator.daraja.baseUrl}/oauth/v1/generate?grant_type=client_credentials`, {
          headers: { authorization: `Basic ${basic}` },
        })
      ).json()) as { access_token: string };
      const timestamp = '20210628092408';
      await fetch(`${simulator.daraja.baseUrl}/mpesa/stkpush/v1/processrequest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          BusinessShortCode: 174379,
          Password: Buffer.from(`174379${simulator.daraja.passkey}${timestamp}`).toString('base64'),
          Timestamp: timestamp,
          TransactionType: 'CustomerPayBillOnline',
          Amount: 1,
          PartyA: 254711000000,
          PartyB: 174379,
          PhoneNumber: 254711000000,
          CallBackURL: 'http://127.0.0.1:1/lipwa/callbacks/daraja/secret-token',
          AccountReference: 'LW1',
          TransactionDesc: 'Payment',
        }),
      });
      await simulator.control.advance(0);

      const log = lines.join('\n');
      expect(log).toContain('2547•••••000');
      expect(log).not.toContain('254711000000');
      expect(log).not.toContain(simulator.daraja.passkey);
      expect(log).not.toContain('lipwa-simulator-secret');
      expect(log).not.toContain(token);
      expect(log).not.toContain('secret-token');
    } finally {
      await simulator.close();
    }
  });
});

describe('lipwa-simulator bin', () => {
  const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));

  function run(args: string[], env: Record<string, string> = {}) {
    return spawn(process.execPath, ['--import', 'tsx', bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  it('starts on --port and prints its URLs', { timeout: 20_000 }, async () => {
    const child = run(['--port', '0']);
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Control API')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`bin exited with ${code}`)));
      });

      const phoneUrl = /Virtual phone\s+(\S+)/.exec(output)?.[1] ?? '';
      expect(output).toMatch(/Daraja base URL\s+http:\/\/127\.0\.0\.1:\d+\/daraja/);
      expect((await fetch(phoneUrl)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a PORT that is not a port, saying how to fix it', { timeout: 20_000 }, async () => {
    const child = run([], { PORT: 'eighty' });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });

    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(2);
    expect(errors).toContain('"eighty" is not a port; pass --port 8787 or set PORT.');
  });
});
