package io.tillstream.service.access;

import io.tillstream.schemas.Role;

/** Who is calling: the name a token was issued to, and its role. */
public record Caller(String name, Role role) {
}
