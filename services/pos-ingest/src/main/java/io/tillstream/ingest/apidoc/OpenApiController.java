package io.tillstream.ingest.apidoc;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /openapi.yml}: the spec micronaut-openapi generated from the controllers at build time,
 * so it cannot drift from the code.
 */
@Hidden
@Controller("/openapi.yml")
public class OpenApiController {

    private static final String SPEC = "META-INF/swagger/openapi.yml";

    private final String spec;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException(SPEC + " is missing: the build runs micronaut-openapi to generate it");
            }
            this.spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + SPEC, e);
        }
    }

    @Get
    @Produces("application/yaml")
    public HttpResponse<String> spec() {
        return HttpResponse.ok(spec);
    }
}
