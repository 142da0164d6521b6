package io.tillstream.centra.simulator.http;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Checks an Integration API token sent as Centra accepts it: {@code Authorization: Bearer <t>} or
 * the cookie {@code graphql-access=<t>}. Tokens are compared in constant time and never logged.
 */
public final class ApiTokens {

    private static final String COOKIE_NAME = "graphql-access";

    private final List<byte[]> tokens;
    private volatile boolean revoked;

    public ApiTokens(final Set<String> tokens) {
        this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /**
     * Revokes every token (an admin did it in AMS, or they expired: Centra's default is 30 days)
     * or restores them: {@code PUT /_sim/tokens {"revoked": true}}. A revoked token gets 403.
     */
    public void revoked(final boolean revoked) {
        this.revoked = revoked;
    }

    public boolean revoked() {
        return revoked;
    }

    boolean accepts(final Headers headers) {
        if (revoked) {
            return false;
        }
        final String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && known(authorization.substring(7).trim())) {
            return true;
        }
        final List<String> cookies = headers.get("Cookie");
        if (cookies != null) {
            for (String header : cookies) {
                for (String cookie : header.split(";")) {
                    final int eq = cookie.indexOf('=');
                    if (eq > 0 && cookie.substring(0, eq).trim().equals(COOKIE_NAME)
                            && known(cookie.substring(eq + 1).trim())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private boolean known(final String candidate) {
        final byte[] bytes = candidate.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] token : tokens) {
            found |= MessageDigest.isEqual(token, bytes);
        }
        return found;
    }
}
