package io.tillstream.reconciliation.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tillstream.schemas.Owner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Slack: one incoming webhook per owner on 127.0.0.1, whose path ends in a secret as
 * Slack's do. It keeps every message it accepted, and can fail the first requests of an owner.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<Owner, List<JsonNode>> accepted = new ConcurrentHashMap<>();
    private final Map<Owner, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<Owner, AtomicInteger> requests = new ConcurrentHashMap<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Owner owner : Owner.values()) {
            accepted.put(owner, new CopyOnWriteArrayList<>());
            failuresLeft.put(owner, new AtomicInteger());
            requests.put(owner, new AtomicInteger());
            server.createContext(path(owner), exchange -> {
                requests.get(owner).incrementAndGet();
                byte[] body = exchange.getRequestBody().readAllBytes();
                int status = 200;
                if (failuresLeft.get(owner).getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    status = 503;
                } else if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    status = 400;
                } else {
                    accepted.get(owner).add(JSON.readTree(body));
                }
                byte[] answer = (status == 200 ? "ok" : "no").getBytes();
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
        }
        server.start();
    }

    /** Slack's webhook paths end in a token: this is the part that must never be logged. */
    public static String secret(Owner owner) {
        return "s3cr3t-" + owner.name().toLowerCase();
    }

    private static String path(Owner owner) {
        return "/services/T000/" + secret(owner);
    }

    public URI url(Owner owner) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path(owner));
    }

    public void failNext(Owner owner, int times) {
        failuresLeft.get(owner).set(times);
    }

    public List<JsonNode> messages(Owner owner) {
        return new ArrayList<>(accepted.get(owner));
    }

    /** The texts of the accepted messages of an owner. */
    public List<String> texts(Owner owner) {
        return messages(owner).stream().map(m -> m.get("text").asText()).toList();
    }

    public int requests(Owner owner) {
        return requests.get(owner).get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
