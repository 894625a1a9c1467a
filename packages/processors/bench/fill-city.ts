// Fills the contract's topics for the whole-chain bench: N households in the household registry
// and H hours of their two meters (one reading each per 15 min), in the contract's JSON, keyed by
// meter id, published in event-time order as a live city would send them.
import { TOPICS } from '@onegrid/contracts';
import type { KafkaClient } from '@onegrid/kafka';

const START = Date.parse('2026-09-14T00:00:00+08:00');
const STEP_MS = 900_000;
const DISTRICTS = ['310101', '310104', '310105', '310106', '310107'];
// Messages per send: a partition's share must stay under the broker's max.message.bytes (1 MB);
// the registry has fewer partitions and longer records.
const BATCH = 20_000;
const REGISTRY_BATCH = 4_000;

const id = (prefix: string, n: number) => `${prefix}-${String(n).padStart(8, '0')}`;
/** A deterministic 0..1 per household and step: no RNG state to carry across batches. */
const jitter = (h: number, step: number) => (((h * 2_654_435_761 + step * 40_503) >>> 0) % 1000) / 1000;

export async function fillCity(
  kafka: KafkaClient,
  options: { households: number; hours: number },
): Promise<{ readings: number; seconds: number }> {
  const producer = kafka.producer();
  await producer.connect();
  const started = performance.now();
  try {
    let messages: { key: string; value: string }[] = [];
    const flush = async (topic: string) => {
      if (messages.length > 0) await producer.send({ topic, messages });
      messages = [];
    };
    for (let h = 0; h < options.households; h++) {
      const household_id = id('HH', h);
      messages.push({
        key: household_id,
        value: JSON.stringify({
          household_id,
          district: DISTRICTS[h % DISTRICTS.length],
          street: 'ST-bench',
          community: 'CM-bench',
          grid: `G-${h % 500}`,
          lives_alone: h % 10 === 0,
          vulnerable: h % 10 === 0 ? ['elderly'] : [],
        }),
      });
      if (messages.length >= REGISTRY_BATCH) await flush(TOPICS.households);
    }
    await flush(TOPICS.households);
    const steps = options.hours * 4;
    const kwh = new Float64Array(options.households).fill(1000);
    const m3 = new Float64Array(options.households).fill(100);
    for (let step = 0; step < steps; step++) {
      const ts = new Date(START + step * STEP_MS).toISOString().replace('Z', '+00:00');
      for (let h = 0; h < options.households; h++) {
        const j = jitter(h, step);
        kwh[h] = (kwh[h] ?? 0) + 0.02 + j * 0.2;
        if (j > 0.6) m3[h] = (m3[h] ?? 0) + j * 0.03; // water drawn in some quarters only
        const n = String(h).padStart(8, '0');
        messages.push(
          {
            key: `EM-${n}`,
            value: `{"meter_id":"EM-${n}","household_id":"HH-${n}","kind":"electricity","ts":"${ts}","reading":${(kwh[h] ?? 0).toFixed(3)},"unit":"kWh"}`,
          },
          {
            key: `WM-${n}`,
            value: `{"meter_id":"WM-${n}","household_id":"HH-${n}","kind":"water","ts":"${ts}","reading":${(m3[h] ?? 0).toFixed(3)},"unit":"m3"}`,
          },
        );
        if (messages.length >= BATCH) await flush(TOPICS.meterReadings);
      }
    }
    await flush(TOPICS.meterReadings);
    return { readings: options.households * steps * 2, seconds: (performance.now() - started) / 1000 };
  } finally {
    await producer.disconnect();
  }
}
