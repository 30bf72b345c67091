import kafkajs from 'kafkajs';
import { kafkajsOf, type KafkaClient } from './client.js';
import { mapped, StreamfoldError } from './errors.js';

export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete';

/** A topic as the system needs it to be. `retentionMs: -1` keeps records forever. */
export interface TopicSpec {
  name: string;
  partitions: number;
  cleanupPolicy: CleanupPolicy;
  retentionMs?: number;
  replicationFactor?: number;
  /** Further topic configs, e.g. `{ 'min.compaction.lag.ms': '0' }`. */
  config?: Record<string, string>;
}

export interface EnsureTopicsReport {
  created: string[];
  unchanged: string[];
  /** Differences that are reported but tolerated (retention is an operator's call). */
  warnings: string[];
}

/** Admin operations of one client; connect once, reuse, disconnect at shutdown. */
export class KafkaAdmin {
  private readonly admin: kafkajs.Admin;
  private connected: Promise<void> | null = null;

  constructor(private readonly client: KafkaClient) {
    this.admin = kafkajsOf(client).admin();
  }

  private connect(): Promise<void> {
    this.connected ??= mapped('admin connect', () => this.admin.connect()).catch(
      (error: unknown) => {
        this.connected = null;
        throw error;
      },
    );
    return this.connected;
  }

  async disconnect(): Promise<void> {
    if (this.connected === null) return;
    this.connected = null;
    await this.admin.disconnect();
  }

  /** Answers when the cluster answers a metadata request; throws a retriable error otherwise. */
  async ping(): Promise<{ brokers: number; controller: number | null }> {
    await this.connect();
    const cluster = await mapped('describe cluster', () => this.admin.describeCluster());
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  }

  async listTopics(): Promise<string[]> {
    await this.connect();
    return mapped('list topics', () => this.admin.listTopics());
  }

  async deleteTopics(names: string[]): Promise<void> {
    await this.connect();
    await mapped('delete topics', () => this.admin.deleteTopics({ topics: names }));
  }

  /** The end offset of each partition as a read_committed reader sees it (the last stable offset). */
  async endOffsets(topic: string): Promise<Map<number, string>> {
    await this.connect();
    const offsets = await mapped(`end offsets of ${topic}`, () =>
      this.admin.fetchTopicOffsets(topic),
    );
    return new Map(offsets.map((o) => [o.partition, o.high]));
  }

  /**
   * The first offset still held (the low watermark) and the end offset as a read_committed
   * reader sees it of each partition.
   */
  async offsetRanges(topic: string): Promise<Map<number, { start: string; end: string }>> {
    await this.connect();
    const offsets = await mapped(`offsets of ${topic}`, () => this.admin.fetchTopicOffsets(topic));
    return new Map(offsets.map((o) => [o.partition, { start: o.low, end: o.high }]));
  }

  /** The committed offsets of a consumer group on a topic; partitions without one are absent. */
  async committedOffsets(groupId: string, topic: string): Promise<Map<number, string>> {
    await this.connect();
    const result = await mapped(`committed offsets of ${groupId}`, () =>
      this.admin.fetchOffsets({ groupId, topics: [topic] }),
    );
    const partitions = result.find((r) => r.topic === topic)?.partitions ?? [];
    return new Map(partitions.filter((p) => p.offset !== '-1').map((p) => [p.partition, p.offset]));
  }

  /**
   * Creates the topics that are missing with the partitions, cleanup policy and retention of
   * their spec. A topic that exists with another partition count or cleanup policy is an
   * error, never silently accepted: co-partitioning and compaction depend on them.
   */
  async ensureTopics(specs: readonly TopicSpec[]): Promise<EnsureTopicsReport> {
    await this.connect();
    const existing = new Set(await this.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length > 0) {
      // kafkajs treats "already exists" (another instance won the race) as success; the
      // comparison below then judges every topic, the new ones included.
      await mapped('create topics', () =>
        this.admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((spec) => ({
            topic: spec.name,
            numPartitions: spec.partitions,
            replicationFactor: spec.replicationFactor ?? 1,
            configEntries: Object.entries(topicConfig(spec)).map(([name, value]) => ({
              name,
              value,
            })),
          })),
        }),
      );
    }
    const { drift, warnings } = await this.compare(specs);
    if (drift.length > 0) {
      throw new StreamfoldError(
        'TOPIC_DRIFT',
        `topics differ from their spec: ${drift.join('; ')}`,
        {
          retriable: false,
        },
      );
    }
    const created = missing.map((s) => s.name);
    return {
      created,
      unchanged: specs.filter((s) => !created.includes(s.name)).map((s) => s.name),
      warnings,
    };
  }

  private async compare(
    specs: readonly TopicSpec[],
  ): Promise<{ drift: string[]; warnings: string[] }> {
    if (specs.length === 0) return { drift: [], warnings: [] };
    const drift: string[] = [];
    const warnings: string[] = [];
    const metadata = await mapped('topic metadata', () =>
      this.admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) }),
    );
    const configs = await mapped('describe topic configs', () =>
      this.admin.describeConfigs({
        includeSynonyms: false,
        resources: specs.map((s) => ({
          type: kafkajs.ConfigResourceTypes.TOPIC,
          name: s.name,
          configNames: ['cleanup.policy', 'retention.ms'],
        })),
      }),
    );
    for (const spec of specs) {
      const partitions = metadata.topics.find((t) => t.name === spec.name)?.partitions.length;
      if (partitions !== spec.partitions) {
        drift.push(
          `${spec.name} has ${String(partitions)} partitions, expected ${spec.partitions}`,
        );
      }
      const entries =
        configs.resources.find((r) => r.resourceName === spec.name)?.configEntries ?? [];
      const value = (name: string) => entries.find((e) => e.configName === name)?.configValue;
      const policy = normalizePolicy(value('cleanup.policy') ?? '');
      if (policy !== normalizePolicy(spec.cleanupPolicy)) {
        drift.push(`${spec.name} has cleanup.policy=${policy}, expected ${spec.cleanupPolicy}`);
      }
      const retention = value('retention.ms');
      if (spec.retentionMs !== undefined && retention !== String(spec.retentionMs)) {
        warnings.push(
          `${spec.name} has retention.ms=${String(retention)}, spec says ${spec.retentionMs}`,
        );
      }
    }
    return { drift, warnings };
  }
}

function topicConfig(spec: TopicSpec): Record<string, string> {
  return {
    'cleanup.policy': spec.cleanupPolicy,
    ...(spec.retentionMs === undefined ? {} : { 'retention.ms': String(spec.retentionMs) }),
    ...spec.config,
  };
}

const normalizePolicy = (policy: string): string =>
  policy
    .split(',')
    .map((p) => p.trim())
    .sort()
    .join(',');
