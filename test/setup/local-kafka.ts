import { runKafkaSh } from '../support/kafka-sh.ts';

/**
 * Drives infra/kafka/kafka.sh; `cluster` selects the three-broker fault-test mode. Bounded as
 * the fault tests' calls are (runKafkaSh): a hung call fails the run's set-up instead of holding it.
 */
export async function kafkaScript(command: string, options: { cluster?: boolean } = {}): Promise<string> {
  return await runKafkaSh([command, ...(options.cluster ? ['--cluster'] : [])]);
}

export async function isLocalKafkaRunning(options: { cluster?: boolean } = {}): Promise<boolean> {
  try {
    await kafkaScript('status', options);
    return true;
  } catch {
    return false;
  }
}
