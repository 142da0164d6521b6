package io.tillstream.ingest;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** pos-ingest: the HTTP front door through which stores append POS events to Kafka. */
@OpenAPIDefinition(info = @Info(title = "Tillstream pos-ingest", version = "1",
        description = "Stores append POS transactions, stock adjustments and stocktakes. Every /v1 call needs "
                + "Authorization: Bearer <store token> (401 without, 403 for a body naming another store, or "
                + "another till than a till token's) and is "
                + "held to the store's request rate (429 with Retry-After). 503 with Retry-After: the broker did "
                + "not acknowledge in time, re-post with the same ids. Errors are application/problem+json."),
        security = @SecurityRequirement(name = "storeToken"))
@SecurityScheme(name = "storeToken", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
