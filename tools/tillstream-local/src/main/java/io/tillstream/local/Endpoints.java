package io.tillstream.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tillstream.local.sample.SampleStore;
import io.tillstream.schemas.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code endpoints.json}: where everything runs, and (embedded default only) the stores' tokens and
 * one API token per role.
 *
 * @param kafkaClientConfig on a secured cluster, the admin's Kafka client properties file the tools use;
 *                          null when the brokers take plain connections
 */
public record Endpoints(String posIngest, String stockProjector, String reconciliation, String centra,
                        String connect, String schemaRegistry, String bootstrapServers, List<SampleStore> stores,
                        Map<Role, String> roles, Path kafkaClientConfig) {

    public Path write(Path dataDir) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("posIngest", posIngest);
        json.put("stockProjector", stockProjector);
        json.put("reconciliation", reconciliation);
        json.put("centra", centra);
        json.put("connect", connect);
        json.put("schemaRegistry", schemaRegistry);
        json.put("bootstrapServers", bootstrapServers);
        if (kafkaClientConfig != null) {
            json.put("kafkaClientConfig", kafkaClientConfig.toString());
        }
        json.put("stores", stores.stream().map(s -> Map.of("storeId", s.storeId(), "token", s.token(),
                "centraWarehouseId", s.centraWarehouseId(), "timezone", s.timezone(), "name", s.name())).toList());
        Map<String, String> roleTokens = new LinkedHashMap<>();
        roles.forEach((role, token) -> roleTokens.put(role.name(), token));
        json.put("roles", roleTokens);
        Path file = dataDir.resolve("endpoints.json");
        Path tmp = dataDir.resolve("endpoints.json.tmp");
        try {
            Files.deleteIfExists(tmp);
            // It holds store and API tokens: owner-only, like an SSH key.
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
