package io.tillstream.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tillstream.schemas.CatalogEntry;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private final Catalog catalog = new Catalog();

    @Test
    void shouldPageThroughTheSizesInSkuOrderLeavingRemovedOnesOut() {
        catalog.apply("C", entry("C", "5700000000003"), 0, 0);
        catalog.apply("A", entry("A", "5700000000001"), 1, 0);
        catalog.apply("B", entry("B", "5700000000002"), 0, 1);
        catalog.apply("B", null, 0, 2);

        Catalog.Page first = catalog.page(null, 1);
        assertThat(first.sizes()).extracting(CatalogEntry::getSku).containsExactly("A");
        assertThat(first.next()).isEqualTo("A");
        Catalog.Page rest = catalog.page("A", 10);
        assertThat(rest.sizes()).extracting(CatalogEntry::getSku).containsExactly("C");
        assertThat(rest.next()).as("the last page").isNull();
        assertThat(rest.cursor()).hasToString("0-2.1-0");
    }

    @Test
    void shouldGiveOnlyWhatChangedAfterACursor() {
        catalog.apply("A", entry("A", "5700000000001"), 0, 0);
        catalog.apply("B", entry("B", "5700000000002"), 1, 0);
        CatalogCursor tillHas = catalog.cursor();
        catalog.apply("A", entry("A", "5700000000009"), 0, 1);
        catalog.apply("B", null, 1, 1);
        catalog.apply("C", entry("C", "5700000000003"), 2, 0);

        Catalog.Changes changes = catalog.since(tillHas);

        assertThat(changes.changed()).extracting(CatalogEntry::getSku).containsExactly("A", "C");
        assertThat(changes.removed()).containsExactly("B");
        assertThat(catalog.since(changes.cursor()).changed()).isEmpty();
    }

    @Test
    void shouldFindASizeByItsCurrentBarcodeOnly() {
        catalog.apply("A", entry("A", "5700000000001"), 0, 0);
        catalog.apply("A", entry("A", "5700000000009"), 0, 1);

        assertThat(catalog.byBarcode("5700000000009")).map(CatalogEntry::getSku).contains("A");
        assertThat(catalog.byBarcode("5700000000001")).as("the barcode it had before").isEmpty();
        catalog.apply("A", null, 0, 2);
        assertThat(catalog.byBarcode("5700000000009")).isEmpty();
    }

    @Test
    void shouldFindASizeByItsUpcToo() {
        catalog.apply("A", CatalogEntry.newBuilder(entry("A", "0012345678905")).setUpc("012345678905").build(), 0, 0);

        assertThat(catalog.byBarcode("012345678905")).map(CatalogEntry::getSku).contains("A");
        assertThat(catalog.byBarcode("0012345678905")).map(CatalogEntry::getSku).contains("A");
    }

    @Test
    void shouldWriteAndReadACursorAndRefuseWhatIsNotOne() {
        CatalogCursor cursor = new CatalogCursor(Map.of(2, 803L, 0, 812L));
        assertThat(cursor).hasToString("0-812.2-803");
        assertThat(CatalogCursor.parse("0-812.2-803")).contains(cursor);
        assertThat(CatalogCursor.parse("yesterday")).isEmpty();
        assertThat(CatalogCursor.parse("0-99999999999999999999")).isEmpty();
        assertThat(CatalogCursor.parse("")).isEmpty();
    }

    private static CatalogEntry entry(String sku, String ean) {
        return CatalogEntry.newBuilder().setSku(sku).setProductId(1).setProductNumber("P").setVariantId(2)
                .setVariantNumber("V").setSizeId(3).setSizeName("M").setEan(ean).setActive(true)
                .setObservedAt(Instant.EPOCH).build();
    }
}
