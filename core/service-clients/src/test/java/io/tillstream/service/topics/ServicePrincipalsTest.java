package io.tillstream.service.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tillstream.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ACL plan: each service may touch what its code uses, and the topics that matter have one writer. */
class ServicePrincipalsTest {

    @TempDir
    Path dir;

    @Test
    void shouldLetPosIngestWriteTheTillsTopicsAndReadOnlyTheCatalogue() {
        assertThat(topics(ServicePrincipals.POS_INGEST, AclOperation.WRITE))
                .containsExactlyInAnyOrder(Topics.POS_TRANSACTIONS.name(), Topics.STOCK_ADJUSTMENTS.name(),
                        Topics.TILL_HEARTBEATS.name());
        assertThat(topics(ServicePrincipals.POS_INGEST, AclOperation.READ))
                .as("the catalogue it serves the tills, the stores whose tokens it takes")
                .containsExactlyInAnyOrder(Topics.CENTRA_CATALOG.name(), Topics.STORES.name());
    }

    @Test
    void shouldGiveEachTopicThatDecidesStockOrMoneyOneWriter() {
        for (var topic : List.of(Topics.POS_TRANSACTIONS, Topics.STOCK_CHANGES, Topics.SYNC_RECEIPTS,
                Topics.SETTLEMENTS, Topics.EXCEPTIONS, Topics.AUDIT)) {
            List<String> writers = ServicePrincipals.all().keySet().stream()
                    .filter(p -> topics(p, AclOperation.WRITE).contains(topic.name())).toList();
            assertThat(writers).as(topic.name()).hasSize(1);
        }
        assertThat(ServicePrincipals.all().values().stream().flatMap(List::stream)
                .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC
                        && b.entry().operation() == AclOperation.WRITE
                        && b.pattern().name().equals(Topics.ACCESS_TOKENS.name())))
                .as("tokens are issued by admin only").isEmpty();
        assertThat(ServicePrincipals.all().keySet().stream()
                .filter(p -> topics(p, AclOperation.WRITE).contains(Topics.STORES.name())))
                .as("stores: admin's command, and reconciliation's /v1/stores").containsExactly(ServicePrincipals.RECONCILIATION);
    }

    @Test
    void shouldGrantNothingClusterWideOrToEveryone() {
        for (AclBinding binding : ServicePrincipals.all().values().stream().flatMap(List::stream).toList()) {
            assertThat(binding.pattern().resourceType()).isNotEqualTo(ResourceType.CLUSTER);
            assertThat(binding.pattern().name()).isNotEqualTo("*");
            assertThat(binding.entry().principal()).isNotEqualTo("User:*");
            if (binding.entry().operation() == AclOperation.ALL) {
                assertThat(binding.pattern().patternType()).as("ALL only on a service's own prefix: %s", binding)
                        .isEqualTo(PatternType.PREFIXED);
            }
        }
    }

    @Test
    void shouldRefuseAUsersFileThatMissesOrAddsAPrincipal() throws IOException {
        Path file = dir.resolve("users.properties");
        String complete = ServicePrincipals.names().stream().map(n -> n + "=" + "a-password-of-24-chars-xx")
                .collect(Collectors.joining("\n"));
        Files.writeString(file, complete);
        assertThat(ClusterAccess.readPasswords(file)).containsOnlyKeys(ServicePrincipals.names());

        Files.writeString(file, complete.replace(ServicePrincipals.CONNECT + "=", "conect="));
        assertThatThrownBy(() -> ClusterAccess.readPasswords(file)).hasMessageContaining("conect")
                .hasMessageNotContaining("a-password");
        Files.writeString(file, complete.replaceFirst("=a-password-of-24-chars-xx", "=short"));
        assertThatThrownBy(() -> ClusterAccess.readPasswords(file)).hasMessageContaining("shorter than 16");
    }

    private static Set<String> topics(String principal, AclOperation operation) {
        return ServicePrincipals.all().get(principal).stream()
                .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC && b.entry().operation() == operation)
                .map(b -> b.pattern().name()).collect(Collectors.toSet());
    }
}
