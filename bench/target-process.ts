/** Starts a bench target in its own Node process (so load and server do not share an event loop). */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface TargetProcess {
  url: string;
  /** Its process id, to read its CPU from /proc. */
  pid: number;
  stop(): Promise<void>;
}

export async function startTarget(name: string, env: Record<string, string> = {}): Promise<TargetProcess> {
  const file = fileURLToPath(new URL(`./targets/${name}.ts`, import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench target ${name} exited with ${code} before it was ready`)));
  });
  const { url } = JSON.parse(firstLine) as { url: string };
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
