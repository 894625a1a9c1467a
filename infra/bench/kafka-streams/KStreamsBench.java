// Benchmark (not a test): the stream runtime's bench job (packages/stream/bench/windowed-throughput.ts)
// on Kafka Streams, the peer a Java team would pick instead (issue 17): decode and validate JSON
// meter readings, hourly tumbling windows per meter (count, min, max) with 15 minutes of grace,
// RocksDB window stores, each window emitted once when it closes, to an output topic.
//   java -cp '.onegrid/kstreams/lib/*' infra/bench/kafka-streams/KStreamsBench.java [messages] [rounds] [threads]
// Fills a fresh 6-partition topic with the same messages as the runtime's bench (20,000 meters,
// quarter-hour readings, keyed by meter), then runs `rounds` applications over it in this JVM
// (the first from a cold JVM), each with its own application id and state directory. Rates are
// by the wall clock from the first record to the last, and per CPU-second of this process (all
// its threads: stream threads, RocksDB's, GC, JIT). KAFKA_BROKERS as the node benches.

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.TimestampExtractor;

public class KStreamsBench {
  static final int PARTITIONS = 6;
  static final int METERS = 20_000;
  static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> KINDS = Set.of("water", "electricity");
  static final Set<String> UNITS = Set.of("m3", "kWh");

  /** A reading that passed the checks of the runtime bench's schema (meter-readings.ts). */
  record Reading(String meterId, long eventMs, double reading) {}

  /** The bench schema's checks, by hand as a Java team would; null when a check fails. */
  static Reading validate(byte[] value) {
    if (value == null) return null;
    JsonNode node;
    try {
      node = JSON.readTree(value);
    } catch (java.io.IOException e) {
      return null;
    }
    if (node == null || !node.isObject()) return null;
    String meter = text(node, "meter_id");
    String household = text(node, "household_id");
    String kind = text(node, "kind");
    String unit = text(node, "unit");
    String ts = text(node, "ts");
    JsonNode reading = node.get("reading");
    JsonNode reset = node.get("reset");
    if (meter == null || meter.isEmpty() || meter.length() > 64) return null;
    if (household == null || household.isEmpty() || household.length() > 64) return null;
    if (kind == null || !KINDS.contains(kind) || unit == null || !UNITS.contains(unit)) return null;
    if (reading == null || !reading.isNumber() || reading.doubleValue() < 0) return null;
    if (reset != null && !reset.isBoolean()) return null;
    if (ts == null) return null;
    long eventMs;
    try {
      eventMs = OffsetDateTime.parse(ts).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
    return new Reading(meter, eventMs, reading.doubleValue());
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** Count, min, max of a window, as the runtime bench's aggregator. */
  record Acc(long n, double min, double max) {}

  static final Serde<Acc> ACC =
      Serdes.serdeFrom(
          (topic, acc) ->
              java.nio.ByteBuffer.allocate(24).putLong(acc.n()).putDouble(acc.min()).putDouble(acc.max()).array(),
          (topic, bytes) -> {
            var buffer = java.nio.ByteBuffer.wrap(bytes);
            return new Acc(buffer.getLong(), buffer.getDouble(), buffer.getDouble());
          });

  static final Serde<Reading> READING =
      Serdes.serdeFrom(
          (topic, r) -> {
            byte[] meter = r.meterId().getBytes(StandardCharsets.UTF_8);
            return java.nio.ByteBuffer.allocate(20 + meter.length)
                .putLong(r.eventMs()).putDouble(r.reading()).putInt(meter.length).put(meter).array();
          },
          (topic, bytes) -> {
            var buffer = java.nio.ByteBuffer.wrap(bytes);
            long eventMs = buffer.getLong();
            double reading = buffer.getDouble();
            byte[] meter = new byte[buffer.getInt()];
            buffer.get(meter);
            return new Reading(new String(meter, StandardCharsets.UTF_8), eventMs, reading);
          });

  /** The source's value serde: decode and validate (serialising is never asked of it). */
  static final Serde<Reading> VALIDATED =
      Serdes.serdeFrom(
          (topic, r) -> {
            throw new UnsupportedOperationException("the source serde only reads");
          },
          (topic, bytes) -> validate(bytes));

  /** Event time from the reading's `ts` (the runtime's eventTime); the record's time otherwise. */
  public static class ReadingTime implements TimestampExtractor {
    @Override
    public long extract(org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object> record, long partitionTime) {
      return record.value() instanceof Reading r ? r.eventMs() : record.timestamp();
    }
  }

  public static void main(String[] args) throws Exception {
    long total = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    String brokers = System.getenv().getOrDefault("KAFKA_BROKERS", "127.0.0.1:9092");
    String topic = "bench.kstreams.meter-readings." + UUID.randomUUID().toString().substring(0, 8);
    fill(brokers, topic, total);
    double[] rates = new double[rounds];
    for (int round = 1; round <= rounds; round++) rates[round - 1] = run(brokers, topic, total, threads, round);
    System.out.printf("rss %d MiB; load average %.1f%n",
        Runtime.getRuntime().totalMemory() / (1 << 20),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  static void fill(String brokers, String topic, long total) throws Exception {
    Properties admin = new Properties();
    admin.put("bootstrap.servers", brokers);
    try (Admin client = Admin.create(admin)) {
      client.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    long started = System.nanoTime();
    long start = OffsetDateTime.parse("2026-09-14T00:00:00+08:00").toInstant().toEpochMilli();
    try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < total; i++) {
        long meter = i % METERS;
        long step = i / METERS;
        String id = String.format("%08d", meter);
        String ts = Instant.ofEpochMilli(start + step * 900_000).toString().replace("Z", "+00:00");
        if (ts.length() == 25) ts = ts.substring(0, 19) + ".000+00:00";
        // The same fields and order as the node bench's JSON.stringify of its MeterReading.
        String json = "{\"meter_id\":\"EM-" + id + "\",\"household_id\":\"HH-" + id
            + "\",\"kind\":\"electricity\",\"ts\":\"" + ts + "\",\"reading\":"
            + formatNumber(1000 + step * 0.25) + ",\"unit\":\"kWh\"}";
        producer.send(new ProducerRecord<>(topic, ("EM-" + id).getBytes(StandardCharsets.UTF_8),
            json.getBytes(StandardCharsets.UTF_8)));
      }
    }
    System.out.printf("filled %s: %d messages in %.1f s%n", topic, total, (System.nanoTime() - started) / 1e9);
  }

  /** JavaScript's number text for the bench's values (whole numbers without ".0"). */
  static String formatNumber(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  static double run(String brokers, String topic, long total, int threads, int round) throws Exception {
    String app = "bench-kstreams-" + UUID.randomUUID().toString().substring(0, 8);
    String output = topic + ".hourly." + round;
    Properties admin = new Properties();
    admin.put("bootstrap.servers", brokers);
    try (Admin client = Admin.create(admin)) {
      client.createTopics(List.of(new NewTopic(output, PARTITIONS, (short) 1))).all().get();
    }
    AtomicLong seen = new AtomicLong();
    AtomicLong windows = new AtomicLong();
    AtomicLong firstNanos = new AtomicLong();
    AtomicLong firstCpu = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    StreamsBuilder builder = new StreamsBuilder();
    // The input is keyed by meter already, so grouping by key needs no repartition topic: the
    // whole job is one sub-topology, and "done" is when the window aggregate has added every reading.
    // Decoded and validated once, by the source's deserializer, so that the timestamp extractor
    // reads the event time from the decoded reading (a failed check decodes to null).
    builder.stream(topic, Consumed.with(Serdes.String(), VALIDATED))
        .peek((k, v) -> {
          if (firstNanos.get() == 0 && firstNanos.compareAndSet(0, System.nanoTime())) firstCpu.set(os.getProcessCpuTime());
        })
        .filter((k, r) -> r != null) // the bench sends none that fail; a real job would dead-letter them
        .groupByKey(Grouped.with(Serdes.String(), READING))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofHours(1), Duration.ofMinutes(15)))
        .aggregate(
            () -> new Acc(0, Double.POSITIVE_INFINITY, 0),
            (meter, r, acc) -> {
              if (seen.incrementAndGet() == total) done.countDown();
              return new Acc(acc.n() + 1, Math.min(acc.min(), r.reading()), Math.max(acc.max(), r.reading()));
            },
            Materialized.with(Serdes.String(), ACC))
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
        .toStream()
        .map((window, acc) -> {
          windows.incrementAndGet();
          String row = "{\"meter_id\":\"" + window.key() + "\",\"window_start\":" + window.window().start() / 1000
              + ",\"readings\":" + acc.n() + ",\"kwh\":" + (acc.max() - acc.min()) + "}";
          return KeyValue.pair(window.key(), row);
        })
        .to(output, Produced.with(Serdes.String(), Serdes.String()));

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("kstreams-").toString());
    props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, ReadingTime.class);
    // The runtime bench commits every 2 s; Kafka Streams' own default (at-least-once) is 30 s.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 2_000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    streams.start();
    if (!done.await(600, TimeUnit.SECONDS)) throw new IllegalStateException("round " + round + " did not finish");
    double seconds = (System.nanoTime() - firstNanos.get()) / 1e9;
    double cpu = (os.getProcessCpuTime() - firstCpu.get()) / 1e9;
    streams.close(Duration.ofSeconds(30));
    streams.cleanUp();
    double rate = total / seconds;
    System.out.printf("round %d: kafka streams (%d stream threads; decode+validate, hourly windows, RocksDB, suppress, output topic) %,.0f events/s (%,.0f per CPU-s); %d windows emitted%n",
        round, threads, rate, total / cpu, windows.get());
    return rate;
  }
}
