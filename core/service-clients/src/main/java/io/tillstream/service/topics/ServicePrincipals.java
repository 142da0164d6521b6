package io.tillstream.service.topics;

import io.tillstream.schemas.TopicSpec;
import io.tillstream.schemas.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on a secured cluster: one SASL/SCRAM principal per service, each allowed only the
 * topics, consumer groups and transactional ids its own code uses (read from the code: a service that
 * starts using another topic fails with TopicAuthorizationException until it is granted here).
 * {@code admin} (deploy steps and the operators' tools) and the brokers' certificate are super users in
 * the brokers' own configuration, so they need no grant.
 *
 * <p>Prefixed grants are used where Kafka itself names things after a prefix: a Streams application's
 * internal topics, group and transactional ids all start with its {@code application.id}; Connect's sink
 * groups with {@code connect-}.
 */
public final class ServicePrincipals {

    public static final String POS_INGEST = "pos-ingest";
    public static final String STOCK_PROJECTOR = "stock-projector";
    public static final String RECONCILIATION = "reconciliation";
    public static final String CONNECT = "connect";
    public static final String SCHEMA_REGISTRY = "schema-registry";
    /** The operators' and deploy steps' principal: a super user, named in the brokers' super.users. */
    public static final String ADMIN = "admin";

    /** The Streams application ids (StockProjector.APPLICATION_ID, Reconciliation.APPLICATION_ID). */
    static final String PROJECTOR_APPLICATION = "tillstream-stock-projector";
    static final String RECONCILIATION_APPLICATION = "tillstream-reconciliation";
    /** connect-distributed.properties: group.id and the *.storage.topic names. */
    static final String CONNECT_GROUP = "tillstream-connect";
    static final String CONNECT_INTERNAL_TOPICS = "_connect-";
    /** The registry's default topic and its one writer's transactional id (KafkaSchemaLog). */
    static final String SCHEMAS_TOPIC = "_schemas";

    private final Map<String, List<AclBinding>> grants = new LinkedHashMap<>();

    private ServicePrincipals() {
        grant(POS_INGEST)
                .read(Topics.CENTRA_CATALOG, Topics.STORES)
                .write(Topics.POS_TRANSACTIONS, Topics.STOCK_ADJUSTMENTS, Topics.TILL_HEARTBEATS)
                .transactionalIdsStartingWith("pos-ingest-");
        grant(STOCK_PROJECTOR)
                .read(Topics.POS_TRANSACTIONS, Topics.STOCK_ADJUSTMENTS, Topics.STOCK_POLICIES, Topics.ACCESS_TOKENS)
                .write(Topics.STOCK_LEVELS, Topics.STOCK_ATS, Topics.STOCK_CHANGES, Topics.LEDGER_NOTICES)
                .deadLettersOf(Topics.POS_TRANSACTIONS, Topics.STOCK_ADJUSTMENTS, Topics.STOCK_POLICIES)
                .streamsApplication(PROJECTOR_APPLICATION);
        grant(RECONCILIATION)
                .read(Topics.POS_TRANSACTIONS, Topics.STOCK_ADJUSTMENTS, Topics.TILL_HEARTBEATS, Topics.STOCK_LEVELS,
                        Topics.STOCK_CHANGES, Topics.LEDGER_NOTICES, Topics.SYNC_RECEIPTS, Topics.CENTRA_STOCK, Topics.STOCK_CHANGES_DLQ,
                        Topics.SETTLEMENTS, Topics.ACKNOWLEDGEMENTS, Topics.EXCEPTIONS, Topics.DAILY_TOTALS,
                        Topics.ACCESS_TOKENS, Topics.AUDIT, Topics.STORES, Topics.CENTRA_CATALOG)
                .write(Topics.EXCEPTIONS, Topics.DAILY_TOTALS, Topics.SETTLEMENTS, Topics.ACKNOWLEDGEMENTS,
                        Topics.AUDIT, Topics.STORES)
                .deadLettersOf(Topics.POS_TRANSACTIONS, Topics.STOCK_ADJUSTMENTS, Topics.STOCK_LEVELS,
                        Topics.CENTRA_STOCK, Topics.SYNC_RECEIPTS, Topics.SETTLEMENTS, Topics.TILL_HEARTBEATS)
                .streamsApplication(RECONCILIATION_APPLICATION)
                .transactionalIdsStartingWith("tillstream-audit-" + RECONCILIATION + "-");
        grant(CONNECT)
                // EXCEPTIONS: the sink's offline hold-back (off by default) acts on STORE_SILENT
                .read(Topics.STOCK_CHANGES, Topics.CENTRA_CORRECTIONS, Topics.SYNC_RECEIPTS, Topics.STORES,
                        Topics.EXCEPTIONS)
                .write(Topics.STOCK_CHANGES_DLQ, Topics.SYNC_RECEIPTS, Topics.CENTRA_CATALOG, Topics.CENTRA_STOCK)
                .topicsStartingWith(CONNECT_INTERNAL_TOPICS, AclOperation.ALL)
                .group(CONNECT_GROUP, PatternType.LITERAL)
                .group("connect-", PatternType.PREFIXED);
        grant(SCHEMA_REGISTRY)
                .topic(SCHEMAS_TOPIC, PatternType.LITERAL, AclOperation.READ, AclOperation.WRITE,
                        AclOperation.DESCRIBE, AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS)
                .transactionalIdsStartingWith("tillstream-schema-registry:");
    }

    /** Every service principal's grants, by principal name. */
    public static Map<String, List<AclBinding>> all() {
        return new ServicePrincipals().grants;
    }

    /**
     * The schema subjects a principal may register new schemas under on a registry with writers: a
     * Streams service its own application id's (changelog and repartition subjects, which only it
     * reads); admin every subject (empty); the others none, as the deploy step registers the topics'.
     */
    public static java.util.Optional<String> registrySubjectPrefix(String principal) {
        return switch (principal) {
            case STOCK_PROJECTOR -> java.util.Optional.of(PROJECTOR_APPLICATION + "-");
            case RECONCILIATION -> java.util.Optional.of(RECONCILIATION_APPLICATION + "-");
            case ADMIN -> java.util.Optional.empty();
            default -> throw new IllegalArgumentException(principal + " registers no schema");
        };
    }

    /** The principals that get a SCRAM credential: the services and admin. */
    public static Set<String> names() {
        return Set.copyOf(Stream.concat(all().keySet().stream(), Stream.of(ADMIN)).toList());
    }

    private Grant grant(String principal) {
        List<AclBinding> bindings = new ArrayList<>();
        grants.put(principal, bindings);
        return new Grant("User:" + principal, bindings);
    }

    /** The ACLs of one principal, added as its code needs them. */
    private record Grant(String principal, List<AclBinding> bindings) {

        Grant read(TopicSpec<?>... topics) {
            for (TopicSpec<?> t : topics) {
                topic(t.name(), PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
            }
            return this;
        }

        Grant write(TopicSpec<?>... topics) {
            for (TopicSpec<?> t : topics) {
                topic(t.name(), PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
            }
            return this;
        }

        /** The services' DeadLetters park an unreadable record of a dead-lettered input in its .dlq topic. */
        Grant deadLettersOf(TopicSpec<?>... inputs) {
            for (TopicSpec<?> input : inputs) {
                if (Topics.DEAD_LETTERED.contains(input)) {
                    write(Topics.dlq(input));
                }
            }
            return this;
        }

        /** Its internal topics (created by Streams), group and exactly-once transactional ids. */
        Grant streamsApplication(String applicationId) {
            topicsStartingWith(applicationId, AclOperation.ALL);
            add(ResourceType.GROUP, applicationId, PatternType.PREFIXED, AclOperation.READ);
            return transactionalIdsStartingWith(applicationId);
        }

        Grant transactionalIdsStartingWith(String prefix) {
            add(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.WRITE);
            return add(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.DESCRIBE);
        }

        Grant topicsStartingWith(String prefix, AclOperation operation) {
            return topic(prefix, PatternType.PREFIXED, operation);
        }

        Grant group(String name, PatternType type) {
            return add(ResourceType.GROUP, name, type, AclOperation.READ);
        }

        Grant topic(String name, PatternType type, AclOperation... operations) {
            for (AclOperation operation : operations) {
                add(ResourceType.TOPIC, name, type, operation);
            }
            return this;
        }

        private Grant add(ResourceType type, String name, PatternType patternType, AclOperation operation) {
            bindings.add(new AclBinding(new ResourcePattern(type, name, patternType),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            return this;
        }
    }
}
