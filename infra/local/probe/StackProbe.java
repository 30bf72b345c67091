import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Readiness of the local broker as its clients will see it, not merely an open port: the
 * broker answers metadata, takes a produce with acks=all, and commits a transaction that
 * carries consumer offsets. The last step matters: on a fresh broker the offsets and
 * transaction-state topics only come into being when first used, and until they have, a
 * client's first transactional offset commit fails with NOT_COORDINATOR.
 *
 * Usage: java -cp 'kafka/lib/*:classes' StackProbe <bootstrap> <deadline-epoch-millis>
 * Exits 0 when ready; 1 with the last error when the deadline passes.
 */
public final class StackProbe {
  private static final String TOPIC = "__streamfold_stack_probe";

  public static void main(String[] args) throws InterruptedException {
    String bootstrap = args[0];
    long deadline = Long.parseLong(args[1]);
    Throwable last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        probe(bootstrap, Math.max(1_000, deadline - System.currentTimeMillis()));
        System.out.println("ready");
        return;
      } catch (Exception e) {
        last = e;
        Thread.sleep(500);
      }
    }
    System.err.println("not ready: " + (last == null ? "deadline passed before the first try" : describe(last)));
    System.exit(1);
  }

  private static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static void probe(String bootstrap, long budgetMs) throws Exception {
    int timeout = (int) Math.min(budgetMs, 30_000);
    Properties common = new Properties();
    common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    common.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    common.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);

    try (Admin admin = Admin.create(common)) {
      admin.describeCluster().nodes().get();
      Set<String> topics = admin.listTopics().names().get();
      if (!topics.contains(TOPIC)) {
        try {
          admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
      }
    }

    Properties producer = new Properties();
    producer.putAll(common);
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout + 1_000);
    producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TOPIC);
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> p = new KafkaProducer<>(producer)) {
      p.initTransactions();
      p.beginTransaction();
      long offset = p.send(new ProducerRecord<>(TOPIC, "probe", "ready")).get().offset();
      p.sendOffsetsToTransaction(
          Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(offset + 1)),
          new ConsumerGroupMetadata(TOPIC));
      p.commitTransaction();
      p.close(Duration.ofSeconds(5));
    }
  }
}
