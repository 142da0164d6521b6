package io.tillstream.ingest.heartbeat;

/**
 * A till saying it is online: {@code tillId}, optionally its own clock ({@code sentAt}) and how many
 * events it holds unsent ({@code queued}). {@code storeId} may be left out: the token names the store.
 */
public record HeartbeatRequest(String storeId, String tillId, String sentAt, Integer queued) {
}
