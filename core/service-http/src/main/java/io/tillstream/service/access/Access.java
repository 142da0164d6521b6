package io.tillstream.service.access;

import io.tillstream.schemas.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call a route. Every route states one, so a new route cannot be open by omission.
 *
 * @param roles the roles allowed; ignored when {@code open}
 * @param open  no token needed: health, metrics and the dashboard page (which asks for a token itself)
 */
public record Access(Set<Role> roles, boolean open) {

    public static final Access PUBLIC = new Access(Set.of(), true);

    public static Access anyOf(Role first, Role... more) {
        return new Access(EnumSet.of(first, more), false);
    }

    /** The four owner teams: people who work exceptions, not systems that only read stock. */
    public static Access staff() {
        return anyOf(Role.RETAIL_OPS, Role.ECOMMERCE, Role.FINANCE, Role.INTEGRATION);
    }

    public boolean allows(Role role) {
        return open || roles.contains(role);
    }
}
