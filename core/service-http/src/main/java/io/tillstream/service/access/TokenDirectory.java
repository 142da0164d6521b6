package io.tillstream.service.access;

import io.tillstream.schemas.AccessToken;
import io.tillstream.schemas.Role;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The tokens in force, by name, as {@code access.tokens.v1} says (see {@link AccessTokenFeed}).
 * Answers nothing until {@link #markLoaded() loaded}: a token issued before this instance started
 * must not be refused as unknown just because the topic is still being read.
 */
public final class TokenDirectory {

    private record Entry(Role role, byte[] sha256) {
    }

    private volatile Map<String, Entry> byName = Map.of();
    private volatile boolean loaded;

    /** A token issued (or re-issued under the same name), or revoked when {@code token} is null. */
    public synchronized void apply(String name, AccessToken token) {
        Map<String, Entry> next = new HashMap<>(byName);
        if (token == null) {
            next.remove(name);
        } else {
            next.put(name, new Entry(token.getRole(), HexFormat.of().parseHex(token.getTokenSha256())));
        }
        byName = Map.copyOf(next);
    }

    public void markLoaded() {
        loaded = true;
    }

    public boolean loaded() {
        return loaded;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /**
     * The caller a bearer token belongs to. Every hash is compared in constant time and the loop never
     * exits early, so the response time says nothing about how close a guess came.
     */
    public Optional<Caller> authenticate(String token) {
        byte[] presented = BearerTokens.sha256(token);
        Caller match = null;
        for (Map.Entry<String, Entry> e : byName.entrySet()) {
            if (MessageDigest.isEqual(e.getValue().sha256(), presented)) {
                match = new Caller(e.getKey(), e.getValue().role());
            }
        }
        return Optional.ofNullable(match);
    }
}
