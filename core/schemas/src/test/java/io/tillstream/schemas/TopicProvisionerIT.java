package io.tillstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.testkit.KafkaCluster;
import io.tillstream.testkit.KafkaExtension;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class TopicProvisionerIT {

    @Test
    void shouldCreateEveryTopicOnceWithItsCleanupPolicy(KafkaCluster kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, 2, (short) 1);

            assertThat(provisioner.provision(Topics.ALL)).hasSize(Topics.ALL.size());
            assertThat(provisioner.provision(Topics.ALL)).as("second run is a no-op").isEmpty();

            var levels = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STOCK_LEVELS.name());
            var log = new ConfigResource(ConfigResource.Type.TOPIC, Topics.POS_TRANSACTIONS.name());
            var configs = admin.describeConfigs(java.util.List.of(levels, log)).all().get();
            assertThat(configs.get(levels).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(log).get("retention.ms").value()).isEqualTo("-1");
            assertThat(admin.describeTopics(java.util.List.of(Topics.POS_TRANSACTIONS.name())).allTopicNames().get()
                    .get(Topics.POS_TRANSACTIONS.name()).partitions()).hasSize(2);
        }
    }
}
