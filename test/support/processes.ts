/**
 * Cairn as it runs for real, in child processes: the web server (src/main/server.ts, on a free port),
 * the command line and the worker (src/main/cli.ts), each through tsx, with the environment a test
 * gives (DATABASE_URL, the audit key, SMTP settings…). For the tests of issue 17: the backup drill,
 * the scale-out test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** An audit key for tests that run Cairn's processes (each must be given the same one). */
export const TEST_AUDIT_KEY = 'c3'.repeat(32);

export interface CairnServer {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  child: ChildProcess;
  /** Everything it has written, stdout then stderr as they came. */
  output(): string;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
}

/**
 * Starts `src/main/server.ts` on 127.0.0.1 and a free port (PORT=0) and waits for its JSON log line
 * saying where it listens. `env` is added to this process's environment.
 */
export async function startCairnServer(
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<CairnServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main/server.ts')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', CAIRN_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = stopper(child);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), timeoutMs);
    const onData = (d: Buffer) => {
      output += String(d);
      for (const line of output.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.port && entry.msg?.startsWith('Cairn is running')) {
            clearTimeout(timer);
            resolve(`http://127.0.0.1:${entry.port}`);
          }
        } catch {
          // a line still being written
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += String(d)));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}, signal ${signal}) before listening:\n${output}`));
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  return { url, child, output: () => output, stop };
}

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `cairn …` (src/main/cli.ts through tsx) to the end. */
export function runCairn(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main/cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
