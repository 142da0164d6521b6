package io.tillstream.projector.http;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One instance's part of a SKU: the locations in its active ledger partitions, and which
 * partitions those are, so the caller can tell a complete answer from one missing a moving partition.
 */
record LedgerPart(String sku, Set<Integer> partitions, List<Map<String, Object>> locations) {
}
