package io.tillstream.local.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml read as the plan of {@code ./tillstream cluster}: every service that runs our code
 * or Kafka's becomes a process on 127.0.0.1 with the compose file's own variables, command and files,
 * and only the hosts, ports and paths made local. So the cluster proves the compose file's settings,
 * not a copy of them that could drift.
 *
 * <p>Local ports are the compose file's published ones shifted by {@code portBase - 8080} (8080 and
 * 8180 for the two pos-ingests, …); brokers, which publish none, listen on 9092.. and 9192.. (shifted
 * alike). Container paths: {@code /var/lib/tillstream} is the service's folder under the data directory,
 * {@code /run/secrets} the data directory's {@code secrets}, and bind mounts their checkout paths.
 *
 * <p>Secure, it is docker-compose.yml with docker-compose.secure.yml merged over it as {@code docker
 * compose -f a -f b} merges: maps key by key, {@code volumes}, {@code ports} and {@code secrets} added,
 * anything else replaced.
 */
public final class ClusterPlan {

    /** What a compose service is, as far as starting it goes. */
    public enum Kind {
        BROKER, TOPICS_INIT, REGISTRY, SCHEMAS_INIT, STORES_INIT, SIMULATOR, INGEST, PROJECTOR, RECONCILIATION, CONNECT;

        /** A deploy step that runs to completion, not a service. */
        public boolean isStep() {
            return this == TOPICS_INIT || this == SCHEMAS_INIT || this == STORES_INIT;
        }
    }

    /**
     * One process.
     *
     * @param mainClass  the Java main class (our images' jib.container.mainClass, Kafka's own for Kafka)
     * @param args       its arguments
     * @param env        its environment, made local
     * @param port       its HTTP or Kafka port; 0 for a step that exits
     * @param properties for brokers and Connect workers, their properties file's content
     */
    public record Node(String name, Kind kind, String mainClass, List<String> args, Map<String, String> env, int port,
                       Map<String, String> properties) {
    }

    private static final Pattern HOST_PORT = Pattern.compile("\\b([a-z][a-z0-9-]*):(\\d{2,5})\\b");
    private static final String PROJECT_IMAGE = "tillstream/";
    private static final int BROKER_PORT = 9092;
    private static final int CONTROLLER_PORT = 9093;
    /** The brokers' own listener on the secured cluster (replication, the deploy step's admin). */
    private static final int INTERNAL_PORT = 9094;
    private static final Set<String> ADDED_LISTS = Set.of("volumes", "ports", "secrets");

    private final Path root;
    private final Path dataDir;
    private final int shift;
    private final boolean secure;
    private final Map<String, Map<String, Object>> services;
    /** "service:containerPort" → local port */
    private final Map<String, Integer> addresses = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    /**
     * @param root     the checkout (docker-compose.yml, deploy/, the modules' poms)
     * @param dataDir  where the processes keep their state, secrets and logs
     * @param portBase 8080 for the compose file's own ports
     */
    public ClusterPlan(Path root, Path dataDir, int portBase) {
        this(root, dataDir, portBase, false);
    }

    /** @param secure with docker-compose.secure.yml merged over docker-compose.yml */
    public ClusterPlan(Path root, Path dataDir, int portBase, boolean secure) {
        this.root = root;
        this.dataDir = dataDir;
        this.shift = portBase - 8080;
        this.secure = secure;
        Map<String, Map<String, Object>> compose = readCompose(root.resolve("docker-compose.yml"));
        if (secure) {
            compose = merge(compose, readCompose(root.resolve("docker-compose.secure.yml")));
        }
        this.services = compose;
        int broker = 0;
        for (var entry : services.entrySet()) {
            String name = entry.getKey();
            if (kind(name).orElse(null) == Kind.BROKER) {
                int client = BROKER_PORT + shift + broker;
                addresses.put(name + ":" + BROKER_PORT, client);
                addresses.put(name + ":" + CONTROLLER_PORT, BROKER_PORT + 100 + shift + broker);
                addresses.put(name + ":" + INTERNAL_PORT, BROKER_PORT + 200 + shift + broker);
                ports.put(name, client);
                broker++;
                continue;
            }
            for (Object mapping : list(entry.getValue().get("ports"))) {
                // published:container, or host:published:container for a port kept on the host's loopback
                String[] parts = mapping.toString().split(":");
                int local = Integer.parseInt(parts[parts.length - 2]) + shift;
                addresses.put(name + ":" + parts[parts.length - 1], local);
                ports.put(name, local);
            }
        }
    }

    /** Every process to start, in the compose file's order. */
    public List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        for (String name : services.keySet()) {
            kind(name).ifPresent(kind -> nodes.add(node(name, kind)));
        }
        return nodes;
    }

    public Node node(String name) {
        return node(name, kind(name).orElseThrow(() -> new IllegalArgumentException("no process for " + name)));
    }

    /** The Connect REST API of every worker. */
    public List<String> connectUrls() {
        return nodes().stream().filter(n -> n.kind() == Kind.CONNECT).map(n -> "http://127.0.0.1:" + n.port()).toList();
    }

    /**
     * A connector's JSON from deploy/connect, its hosts and secret paths made local; secure, with the keys
     * of deploy/connect/secure/&lt;connector&gt;.json over it (what connect-init's PATCH does).
     */
    public Map<String, String> connectorConfig(String connector) {
        Map<String, String> config = new TreeMap<>(readJson(root.resolve("deploy/connect/" + connector + ".json")));
        Path overlay = root.resolve("deploy/connect/secure/" + connector + ".json");
        if (secure && Files.exists(overlay)) {
            config.putAll(readJson(overlay));
        }
        config.replaceAll((k, v) -> rewrite(v, "connect"));
        return config;
    }

    public boolean secure() {
        return secure;
    }

    /** The brokers' mutual-TLS listeners, for the step that runs before any SCRAM user exists. */
    public String internalBootstrapServers() {
        return addresses.entrySet().stream().filter(e -> e.getKey().endsWith(":" + INTERNAL_PORT))
                .map(e -> "127.0.0.1:" + e.getValue()).collect(java.util.stream.Collectors.joining(","));
    }

    private static Map<String, String> readJson(Path file) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(file.toFile(),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    public Path secrets() {
        return dataDir.resolve("secrets");
    }

    private Node node(String name, Kind kind) {
        Map<String, Object> service = services.get(name);
        Map<String, String> env = new TreeMap<>();
        environment(service).forEach((k, v) -> env.put(k, rewrite(v, name)));
        int port = ports.getOrDefault(name, 0);
        env.replaceAll((k, v) -> k.equals("TILLSTREAM_HTTP_PORT") || k.equals("MICRONAUT_SERVER_PORT")
                ? Integer.toString(port) : v);
        List<String> command = new ArrayList<>();
        for (Object arg : list(service.get("command"))) {
            boolean portOption = !command.isEmpty() && command.get(command.size() - 1).equals("--port");
            command.add(portOption ? Integer.toString(port) : rewrite(arg.toString(), name));
        }
        return switch (kind) {
            // CLUSTER_ID is the format step's, as in the apache/kafka image
            case BROKER -> new Node(name, kind, "kafka.Kafka", List.of(), Map.of("CLUSTER_ID", env.get("CLUSTER_ID")),
                    port, brokerProperties(name, env));
            case CONNECT -> new Node(name, kind, "org.apache.kafka.connect.cli.ConnectDistributed", List.of(),
                    Map.of(), port, workerProperties(name, command));
            case TOPICS_INIT, SCHEMAS_INIT, STORES_INIT -> {
                List<Object> entrypoint = list(service.get("entrypoint"));
                yield new Node(name, kind, entrypoint.get(entrypoint.size() - 1).toString(), List.of(), env, 0, Map.of());
            }
            default -> new Node(name, kind, mainClassOf(image(service)), command, env, port, Map.of());
        };
    }

    /**
     * The apache/kafka image's convention (docker/examples/README.md): KAFKA_ then the property with
     * {@code .} as {@code _}, {@code _} as {@code __} and {@code -} as {@code ___}; every listener bound to
     * 127.0.0.1 on this broker's local port, log dirs made local.
     */
    private Map<String, String> brokerProperties(String name, Map<String, String> env) {
        Map<String, String> p = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("KAFKA_")) {
                p.put(brokerProperty(k), v);
            }
        });
        List<String> listeners = new ArrayList<>();
        for (String listener : p.get("listeners").split(",")) {
            String listenerName = listener.substring(0, listener.indexOf("://"));
            String port = listener.substring(listener.lastIndexOf(':') + 1);
            listeners.add(listenerName + "://127.0.0.1:" + addresses.get(name + ":" + port));
        }
        p.put("listeners", String.join(",", listeners));
        p.put("log.dirs", dataDir.resolve(name).toString());
        return p;
    }

    static String brokerProperty(String variable) {
        return variable.substring("KAFKA_".length()).toLowerCase().replace("___", "-").replace("__", "\0")
                .replace('_', '.').replace("\0", "_");
    }

    private Map<String, String> workerProperties(String name, List<String> command) {
        Path file = hostPath(command.get(command.size() - 1), services.get(name));
        Map<String, String> p = new TreeMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            java.util.Properties read = new java.util.Properties();
            read.load(in);
            read.forEach((k, v) -> p.put(k.toString(), rewrite(v.toString(), name)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
        p.put("listeners", "http://127.0.0.1:" + ports.get(name));
        p.put("plugin.path", hostPath(p.get("plugin.path"), services.get(name)).toString());
        return p;
    }

    /** A container path through the service's bind mounts ("./x:/y:ro") to the checkout. */
    private Path hostPath(String containerPath, Map<String, Object> service) {
        for (Object volume : list(service.get("volumes"))) {
            String[] parts = volume.toString().split(":");
            if (parts[0].startsWith("./") && containerPath.startsWith(parts[1])) {
                return root.resolve(parts[0].substring(2) + containerPath.substring(parts[1].length())).normalize();
            }
        }
        throw new IllegalStateException(containerPath + " is not mounted from the checkout");
    }

    /** Hosts, ports, paths and ${VAR:-default} of one value, as they are on this machine. */
    String rewrite(String value, String service) {
        String v = interpolate(value);
        Matcher m = HOST_PORT.matcher(v);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Integer local = addresses.get(m.group(1) + ":" + m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(local == null ? m.group() : "127.0.0.1:" + local));
        }
        m.appendTail(out);
        v = out.toString();
        if (services.containsKey(v)) {
            v = "127.0.0.1"; // an advertised host name
        }
        UnaryOperator<String> paths = s -> s.replace("0.0.0.0", "127.0.0.1")
                .replace("/run/secrets/", secrets() + "/")
                .replace("/var/lib/tillstream", dataDir.resolve(service).toString());
        return paths.apply(v);
    }

    /**
     * {@code ${VAR:-default}} is its default, never the launcher's environment: a cluster or chaos run on a
     * developer's machine must not post alerts to the team's real webhooks.
     */
    private static String interpolate(String value) {
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+):-([^}]*)}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2)));
        }
        m.appendTail(out);
        return out.toString().replace("$$", "$"); // compose's escape of a literal $
    }

    private java.util.Optional<Kind> kind(String name) {
        Map<String, Object> service = services.get(name);
        String image = image(service);
        if (service.containsKey("profiles")) {
            return java.util.Optional.empty(); // a tool run on demand (tokens), not at start
        }
        if (image.startsWith("apache/kafka:")) {
            return java.util.Optional.of(list(service.get("command")).toString().contains("connect-distributed")
                    ? Kind.CONNECT : Kind.BROKER);
        }
        if (!image.startsWith(PROJECT_IMAGE)) {
            return java.util.Optional.empty(); // connect-init (the launcher does it), exporter, Prometheus, Grafana
        }
        if (service.containsKey("entrypoint")) {
            List<Object> entrypoint = list(service.get("entrypoint"));
            String step = entrypoint.get(entrypoint.size() - 1).toString();
            return java.util.Optional.of(step.endsWith(".RegisterSchemas") ? Kind.SCHEMAS_INIT
                    : step.endsWith(".StoreImport") ? Kind.STORES_INIT : Kind.TOPICS_INIT);
        }
        return java.util.Optional.of(switch (module(image)) {
            case "schema-registry" -> Kind.REGISTRY;
            case "centra-simulator" -> Kind.SIMULATOR;
            case "pos-ingest" -> Kind.INGEST;
            case "stock-projector" -> Kind.PROJECTOR;
            case "reconciliation" -> Kind.RECONCILIATION;
            default -> throw new IllegalStateException("no process kind for image " + image);
        });
    }

    /** What the image runs: its module's jib.container.mainClass. */
    private String mainClassOf(String image) {
        Path pom = CheckoutModules.named(root, module(image)).resolve("pom.xml");
        try {
            Matcher m = Pattern.compile("<jib.container.mainClass>([^<]+)</jib.container.mainClass>")
                    .matcher(Files.readString(pom));
            if (!m.find()) {
                throw new IllegalStateException(pom + " names no jib.container.mainClass");
            }
            return m.group(1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String module(String image) {
        return image.substring(PROJECT_IMAGE.length(), image.indexOf(':'));
    }

    private static String image(Map<String, Object> service) {
        return String.valueOf(service.get("image"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of()))
                .forEach((k, v) -> env.put(k, v == null ? "" : v.toString()));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** What {@code docker compose -f base -f override} makes of one value. */
    @SuppressWarnings("unchecked")
    static <T> T merge(T base, T override) {
        if (base instanceof Map<?, ?> b && override instanceof Map<?, ?> o) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) b);
            ((Map<String, Object>) o).forEach((k, v) -> merged.merge(k, v, (old, replacing) ->
                    ADDED_LISTS.contains(k) && old instanceof List<?> ol && replacing instanceof List<?> rl
                            ? concat(ol, rl) : merge(old, replacing)));
            return (T) merged;
        }
        return override;
    }

    private static List<Object> concat(List<?> a, List<?> b) {
        List<Object> all = new ArrayList<>(a);
        b.stream().filter(x -> !all.contains(x)).forEach(all::add);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> readCompose(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Map<String, Object> compose = new Yaml().load(in);
            return (Map<String, Map<String, Object>>) compose.get("services");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }
}
