/**
 * The partition the project's Producer gives a key: kafkajs's default (Java-compatible murmur2)
 * partitioner, which libs/kafka's Producer is created with but does not expose, hence the direct
 * import. The bench only uses it to name the partition in each snapshot's context, and checks
 * afterwards that every key was read back from exactly that partition.
 */
import kafkajs from 'kafkajs';

const partitioner = kafkajs.Partitioners.DefaultPartitioner();

export function partitionOf(topic: string, key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  return partitioner({ topic, partitionMetadata, message: { key, value: null } });
}
