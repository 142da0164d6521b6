package io.tillstream.local.sample;

/** A sample store with its bearer token (the embedded default hands tokens out in endpoints.json). */
public record SampleStore(String storeId, String name, String timezone, int centraWarehouseId, String token) {
}
