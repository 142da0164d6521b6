package io.tillstream.ingest.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tillstream.ingest.problem.FieldError;
import io.tillstream.ingest.problem.InvalidRequestException;
import io.tillstream.ingest.problem.Problem;
import io.tillstream.ingest.problem.ProblemHandlers;
import java.util.List;

/**
 * Centra's product master for the tills (store token): {@code GET /v1/catalog} pages through the whole
 * catalogue, {@code GET /v1/catalog?since=CURSOR} gives what changed after a till's copy, and
 * {@code GET /v1/catalog/barcodes/{code}} resolves a scanned EAN. Every answer names the cursor it is
 * current to, also as its ETag: a till keeps the cursor and asks for the changes since; If-None-Match
 * with it answers 304 when nothing changed.
 */
@Controller("/v1/catalog")
public class CatalogController {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 5000;
    private static final int RETRY_AFTER_SECONDS = 5;

    private final Catalog catalog;

    public CatalogController(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The snapshot, in SKU order, {@code limit} sizes a page; {@code next} names where the next page
     * starts, null on the last. Empty lists and a null {@code next} are written, not left out: a till
     * reads one shape.
     */
    @Serdeable
    public record Snapshot(String cursor, @JsonInclude(JsonInclude.Include.ALWAYS) List<CatalogItem> sizes,
                           @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String next) {
    }

    /** What changed after a cursor: sizes to add or replace, SKUs to drop (both written when empty). */
    @Serdeable
    public record ChangesSince(String cursor, @JsonInclude(JsonInclude.Include.ALWAYS) List<CatalogItem> changed,
                               @JsonInclude(JsonInclude.Include.ALWAYS) List<String> removed) {
    }

    @ApiResponse(responseCode = "200", description = "A page of the catalogue, or its changes since the cursor",
            content = @Content(schema = @Schema(oneOf = {Snapshot.class, ChangesSince.class})))
    @ApiResponse(responseCode = "304", description = "Nothing changed since the If-None-Match cursor")
    @ApiResponse(responseCode = "400", description = "A bad cursor, page start or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "The catalogue is still being read: a till keeps its copy",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get
    public HttpResponse<?> catalog(@Nullable @QueryValue String since, @Nullable @QueryValue String after,
                                   @Nullable @QueryValue String limit,
                                   @Nullable @Header("If-None-Match") String ifNoneMatch) {
        if (!catalog.isLoaded()) {
            return loading();
        }
        if (since != null) {
            if (after != null || limit != null) {
                throw invalid("since", "is a cursor of changes; after and limit page the whole catalogue");
            }
            CatalogCursor cursor = CatalogCursor.parse(since).orElseThrow(() -> invalid("since",
                    "is not a catalogue cursor: use the cursor of an earlier answer, or leave it out for the whole "
                            + "catalogue"));
            Catalog.Changes changes = catalog.since(cursor);
            return current(changes.cursor(), ifNoneMatch, new ChangesSince(changes.cursor().toString(),
                    changes.changed().stream().map(CatalogItem::of).toList(), changes.removed()));
        }
        Catalog.Page page = catalog.page(after, limit(limit));
        return current(page.cursor(), ifNoneMatch, new Snapshot(page.cursor().toString(),
                page.sizes().stream().map(CatalogItem::of).toList(), page.next()));
    }

    @ApiResponse(responseCode = "200", description = "The size the barcode names",
            content = @Content(schema = @Schema(implementation = CatalogItem.class)))
    @ApiResponse(responseCode = "400", description = "Not a barcode: 8 to 14 digits",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No size of the catalogue has this barcode",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "The catalogue is still being read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Get("/barcodes/{code}")
    public HttpResponse<?> barcode(@PathVariable String code) {
        if (!code.matches("\\d{8,14}")) {
            throw invalid("code", "must be an EAN, UPC or GTIN: 8 to 14 digits");
        }
        if (!catalog.isLoaded()) {
            return loading();
        }
        return catalog.byBarcode(code)
                // a UPC-A scanned as 12 digits is the GTIN-13 Centra keeps with a leading zero
                .or(() -> code.length() == 12 ? catalog.byBarcode("0" + code) : java.util.Optional.empty())
                .<HttpResponse<?>>map(size -> HttpResponse.ok(CatalogItem.of(size)))
                .orElseGet(() -> ProblemHandlers.respond(Problem.of(404, "Unknown barcode", "code",
                        "No size in Centra's catalogue has the barcode " + code)));
    }

    private static HttpResponse<?> current(CatalogCursor cursor, String ifNoneMatch, Object body) {
        String etag = "\"" + cursor + "\"";
        if (etag.equals(ifNoneMatch)) {
            return HttpResponse.status(HttpStatus.NOT_MODIFIED).header("ETag", etag);
        }
        return HttpResponse.ok(body).header("ETag", etag);
    }

    private static HttpResponse<?> loading() {
        return ProblemHandlers.respond(Problem.of(503, "Catalogue loading", "pos-ingest is still reading Centra's "
                + "catalogue; keep the copy you have and ask again")).header("Retry-After",
                Integer.toString(RETRY_AFTER_SECONDS));
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static InvalidRequestException invalid(String field, String message) {
        return new InvalidRequestException(List.of(new FieldError(field, message)));
    }
}
