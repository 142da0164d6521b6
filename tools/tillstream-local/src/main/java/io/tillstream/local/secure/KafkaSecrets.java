package io.tillstream.local.secure;

import io.tillstream.service.topics.ServicePrincipals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The secrets of a secured cluster (docker-compose.secure.yml), one folder per principal so that each
 * container mounts only its own:
 * <pre>
 * kafka/broker/          keystore.p12 (CN=kafka-broker, for kafka-1..3 and 127.0.0.1), broker.properties
 *                        (its password, read by the brokers' file config provider), truststore.pem
 *                        (the broker and admin certificates: the mutual-TLS listeners accept only those)
 * kafka/admin/           keystore.p12 (CN=tillstream-admin), keystore.password and ssl.properties for the deploy step on the
 *                        brokers' mutual-TLS listener; users.properties (every SCRAM password, for that
 *                        step); client.properties (SCRAM as admin, for the operators' tools)
 * kafka/&lt;service&gt;/       jaas (its SCRAM login line) and truststore.pem; the registry's as client.properties,
 *                        and its writers file; admin and the Streams services: registry.user-info
 * connect/               kafka.properties (sasl.jaas.config, read through Connect's file provider) and
 *                        kafka-truststore.pem
 * </pre>
 * Keys and certificates come from the JDK's own keytool; passwords are 256 random bits. Self-signed
 * certificates stand for the retailer's CA: with a real one, replace the keystores and truststores.
 */
public final class KafkaSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_VARIABLE = "TILLSTREAM_KEYTOOL_PASSWORD";
    private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule";
    /** Every host name a broker is reached by, in the compose network and on this machine. */
    private static final String BROKER_NAMES = "dns:kafka-1,dns:kafka-2,dns:kafka-3,dns:localhost,ip:127.0.0.1";
    private static final List<String> SERVICES = List.of(ServicePrincipals.POS_INGEST,
            ServicePrincipals.STOCK_PROJECTOR, ServicePrincipals.RECONCILIATION, ServicePrincipals.ADMIN);

    private final Path dir;
    private final String mountedAt;

    /**
     * @param dir       where to write them
     * @param mountedAt where the processes will see {@code dir} ({@code /run/secrets} in a container): the
     *                  properties files name their key and trust stores by that path
     */
    private KafkaSecrets(Path dir, String mountedAt) {
        this.dir = dir;
        this.mountedAt = mountedAt.endsWith("/") ? mountedAt.substring(0, mountedAt.length() - 1) : mountedAt;
    }

    /** Writes them unless {@code dir/kafka} exists: the same credentials across restarts. */
    public static void writeIfAbsent(Path dir, String mountedAt) {
        if (Files.exists(dir.resolve("kafka/admin/users.properties"))) {
            return;
        }
        new KafkaSecrets(dir, mountedAt).write();
    }

    /** The admin's SCRAM client settings, for the launcher's and tools' own clients. */
    public static Path adminClientProperties(Path dir) {
        return dir.resolve("kafka/admin/client.properties");
    }

    /** The admin's mutual-TLS client settings, for the deploy step that creates the SCRAM users. */
    public static Path adminTlsProperties(Path dir) {
        return dir.resolve("kafka/admin/ssl.properties");
    }

    private void write() {
        Path broker = folder("kafka/broker");
        Path admin = folder("kafka/admin");
        String brokerPassword = password();
        String adminPassword = password();
        keyPair(broker.resolve("keystore.p12"), brokerPassword, "CN=kafka-broker", BROKER_NAMES);
        keyPair(admin.resolve("keystore.p12"), adminPassword, "CN=tillstream-admin", "dns:tillstream-admin");
        String brokerCertificate = certificate(broker.resolve("keystore.p12"), brokerPassword);
        String adminCertificate = certificate(admin.resolve("keystore.p12"), adminPassword);
        file(broker.resolve("truststore.pem"), brokerCertificate + adminCertificate);
        file(broker.resolve("broker.properties"), "keystore.password=" + brokerPassword + "\n");

        Map<String, String> scram = new TreeMap<>();
        ServicePrincipals.names().forEach(name -> scram.put(name, password()));
        file(admin.resolve("users.properties"), properties(scram));
        file(admin.resolve("truststore.pem"), brokerCertificate);
        file(admin.resolve("keystore.password"), adminPassword);
        file(admin.resolve("ssl.properties"), properties(Map.of(
                "security.protocol", "SSL",
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", mounted("kafka/admin/keystore.p12"),
                "ssl.keystore.password", adminPassword,
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", mounted("kafka/admin/truststore.pem"))));
        for (String service : SERVICES) {
            Path folder = folder("kafka/" + service);
            file(folder.resolve("jaas"), jaas(service, scram.get(service)));
            file(folder.resolve("truststore.pem"), brokerCertificate);
        }
        file(admin.resolve("client.properties"), properties(scramClient(ServicePrincipals.ADMIN,
                scram.get(ServicePrincipals.ADMIN), "kafka/admin/truststore.pem")));
        Path registry = folder("kafka/" + ServicePrincipals.SCHEMA_REGISTRY);
        file(registry.resolve("truststore.pem"), brokerCertificate);
        file(registry.resolve("client.properties"), properties(scramClient(ServicePrincipals.SCHEMA_REGISTRY,
                scram.get(ServicePrincipals.SCHEMA_REGISTRY), "kafka/schema-registry/truststore.pem")));
        // the registry's writers: admin (the deploy step) everywhere, each Streams service under its own
        // application id (its changelog and repartition subjects); separate passwords from Kafka's
        StringBuilder writers = new StringBuilder("# user:password [subject-prefix ...] (see the registry's Writers)\n");
        for (String writer : List.of(ServicePrincipals.ADMIN, ServicePrincipals.STOCK_PROJECTOR,
                ServicePrincipals.RECONCILIATION)) {
            String userInfo = writer + ":" + password();
            file(dir.resolve("kafka").resolve(writer).resolve("registry.user-info"), userInfo);
            writers.append(userInfo).append(ServicePrincipals.registrySubjectPrefix(writer)
                    .map(prefix -> " " + prefix).orElse("")).append('\n');
        }
        file(registry.resolve("writers"), writers.toString());
        Path connect = folder("connect");
        file(connect.resolve("kafka-truststore.pem"), brokerCertificate);
        file(connect.resolve("kafka.properties"), properties(Map.of("sasl.jaas.config",
                jaas(ServicePrincipals.CONNECT, scram.get(ServicePrincipals.CONNECT)))));
    }

    private Map<String, String> scramClient(String principal, String password, String truststore) {
        return Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", jaas(principal, password),
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", mounted(truststore));
    }

    private static String jaas(String user, String password) {
        return SCRAM + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private String mounted(String relative) {
        return mountedAt + "/" + relative;
    }

    /** 256 bits, base64url: nothing a JAAS line or a properties file would need to escape. */
    private static String password() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String properties(Map<String, String> values) {
        return new TreeMap<>(values).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private Path folder(String relative) {
        Path folder = dir.resolve(relative);
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + folder, e);
        }
        return folder;
    }

    private static void file(Path file, String content) {
        try {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    private static void keyPair(Path keyStore, String password, String name, String alternativeNames) {
        keytool(password, "-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", name,
                "-ext", "SAN=" + alternativeNames, "-validity", "825", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass:env", PASSWORD_VARIABLE);
    }

    private static String certificate(Path keyStore, String password) {
        return keytool(password, "-exportcert", "-rfc", "-alias", "key", "-keystore", keyStore.toString(),
                "-storepass:env", PASSWORD_VARIABLE);
    }

    /**
     * keytool with the store password in its environment, never on a command line others can list.
     *
     * @return its standard output
     */
    private static String keytool(String password, String... args) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(PASSWORD_VARIABLE, password);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + keytool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }
}
