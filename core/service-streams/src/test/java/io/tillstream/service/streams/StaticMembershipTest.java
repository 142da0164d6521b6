package io.tillstream.service.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticMembershipTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepOneIdPerStateDirectoryAcrossRestarts() {
        String first = StaticMembership.instanceId(dir.resolve("a"), "app");
        String again = StaticMembership.instanceId(dir.resolve("a"), "app");
        String otherInstance = StaticMembership.instanceId(dir.resolve("b"), "app");
        String otherApplication = StaticMembership.instanceId(dir.resolve("a"), "other-app");

        assertThat(first).startsWith("app-").isEqualTo(again);
        assertThat(otherInstance).isNotEqualTo(first);
        assertThat(otherApplication).startsWith("other-app-").isNotEqualTo(first);
    }

    @Test
    void shouldChooseAgainWhenACrashLeftTheFileEmpty() throws Exception {
        Files.writeString(dir.resolve("app.group-instance-id"), "");

        String id = StaticMembership.instanceId(dir, "app");

        assertThat(id).startsWith("app-");
        assertThat(StaticMembership.instanceId(dir, "app")).isEqualTo(id);
    }

    @Test
    void shouldMakeOnlyTheMainConsumersStaticMembers() {
        StreamsSettings settings = StreamsSettings.local("app", "127.0.0.1:9092", "http://127.0.0.1:8085", dir, 0);
        StreamsConfig config = new StreamsConfig(StaticMembership.configure(
                settings.streamsProperties(Duration.ofMillis(100)), settings));

        // Kafka Streams appends the thread's index, so each thread is its own member
        assertThat(config.getMainConsumerConfigs("app", "c", 1))
                .containsEntry("group.instance.id", StaticMembership.instanceId(dir, "app") + "-1");
        assertThat(config.getRestoreConsumerConfigs("r")).doesNotContainKey("group.instance.id");
        assertThat(config.getGlobalConsumerConfigs("g")).doesNotContainKey("group.instance.id");
    }
}
