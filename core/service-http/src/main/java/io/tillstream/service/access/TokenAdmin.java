package io.tillstream.service.access;

import io.tillstream.registry.client.SchemaRegistryClient;
import io.tillstream.registry.serde.ConfluentAvroSerializer;
import io.tillstream.schemas.AccessToken;
import io.tillstream.schemas.Role;
import io.tillstream.schemas.Topics;
import io.tillstream.service.audit.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Issues and revokes API tokens on {@code access.tokens.v1}, each together with its audit entry.
 * The token is returned once and never stored: only its hash reaches Kafka.
 */
public final class TokenAdmin implements AutoCloseable {

    /** Names end up in logs, the audit trail and the dashboard: nothing there may need escaping. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    private final AccessTokenFeed tokens;
    private final AuditTrail audit;
    private final ConfluentAvroSerializer<AccessToken> values;
    private final String actor;
    private final Clock clock;

    /** @param actor who runs it, for the audit trail ({@code cli:<os user>}) */
    public TokenAdmin(Map<String, Object> kafkaClient, SchemaRegistryClient registry, String actor, Clock clock) {
        this.tokens = AccessTokenFeed.start(kafkaClient, registry);
        this.audit = new AuditTrail(kafkaClient, registry, "tillstream-cli", clock);
        this.values = new ConfluentAvroSerializer<>(registry, Topics.ACCESS_TOKENS.valueSchema());
        this.actor = actor;
        this.clock = clock;
    }

    /**
     * @return the new token, to be shown once
     * @throws IllegalArgumentException when the name is malformed or already holds a token (revoke it
     *                                  first: replacing silently would cut off whoever holds it)
     */
    public String issue(String name, Role role) throws InterruptedException {
        requireName(name);
        awaitTokens();
        if (tokens.directory().contains(name)) {
            throw new IllegalArgumentException("A token named " + name + " exists; revoke it first or choose another name");
        }
        String token = BearerTokens.generate();
        AccessToken record = AccessToken.newBuilder().setName(name).setRole(role)
                .setTokenSha256(BearerTokens.sha256Hex(token)).setIssuedAt(clock.instant()).setIssuedBy(actor).build();
        audit.commit(List.of(new ProducerRecord<>(Topics.ACCESS_TOKENS.name(), name,
                        values.serialize(Topics.ACCESS_TOKENS.name(), record))),
                audit.entry(actor, null, "TOKEN_ISSUED", name, "role " + role, UUID.randomUUID().toString()));
        return token;
    }

    /** @throws IllegalArgumentException when no token has that name */
    public void revoke(String name) throws InterruptedException {
        requireName(name);
        awaitTokens();
        if (!tokens.directory().contains(name)) {
            throw new IllegalArgumentException("No token is named " + name);
        }
        audit.commit(List.of(new ProducerRecord<>(Topics.ACCESS_TOKENS.name(), name, null)),
                audit.entry(actor, null, "TOKEN_REVOKED", name, "revoked", UUID.randomUUID().toString()));
    }

    /** Whether a token of that name is in force. */
    public boolean exists(String name) throws InterruptedException {
        awaitTokens();
        return tokens.directory().contains(name);
    }

    /** Revokes the token of that name if there is one; for tools that re-create a token they own. */
    public void revokeIfPresent(String name) throws InterruptedException {
        awaitTokens();
        if (tokens.directory().contains(name)) {
            revoke(name);
        }
    }

    private void awaitTokens() throws InterruptedException {
        if (!tokens.awaitLoaded(LOAD_TIMEOUT)) {
            throw new IllegalStateException("Could not read " + Topics.ACCESS_TOKENS.name() + " within "
                    + LOAD_TIMEOUT.toSeconds() + " s; is Kafka reachable?");
        }
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A token name is 1-64 characters of letters, digits and ._@- "
                    + "starting with a letter or digit");
        }
    }

    @Override
    public void close() {
        audit.close();
        tokens.close();
    }
}
