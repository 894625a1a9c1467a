import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../infra/kafka/kafka.sh');

/** Drives infra/kafka/kafka.sh; `cluster` selects the three-broker fault-test mode. */
export async function kafkaScript(command: string, options: { cluster?: boolean } = {}): Promise<string> {
  const args = [script, command, ...(options.cluster ? ['--cluster'] : [])];
  try {
    const { stdout } = await run('bash', args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`infra/kafka/kafka.sh ${args.slice(1).join(' ')} failed:\n${stdout}\n${stderr}`, {
      cause: error,
    });
  }
}

export async function isLocalKafkaRunning(options: { cluster?: boolean } = {}): Promise<boolean> {
  try {
    await kafkaScript('status', options);
    return true;
  } catch {
    return false;
  }
}
