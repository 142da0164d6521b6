package io.tillstream.centra.sink;

import java.util.HashMap;
import java.util.Map;

/** What every in-process Connect worker of the sink's tests is given, standalone or distributed. */
final class ConnectWorkerProps {

    private ConnectWorkerProps() {
    }

    /** Avro values through the project's converter, plugins from the classpath, read_committed changes. */
    static Map<String, String> common(String bootstrap, String registryUrl) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("listeners", "http://127.0.0.1:0");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "io.tillstream.registry.connect.ConfluentAvroConverter");
        props.put("value.converter.schema.registry.url", registryUrl);
        props.put("plugin.discovery", "service_load");
        props.put("offset.flush.interval.ms", "1000");
        props.put("consumer.isolation.level", "read_committed");
        // A restarted worker's consumer must not wait out the defaults (45 s session, 5 min
        // rebalance) should the broker still count the stopped one as a member of the group.
        props.put("consumer.session.timeout.ms", "6000");
        props.put("consumer.heartbeat.interval.ms", "1000");
        return props;
    }
}
