package io.tillstream.reconciliation.alerts;

import io.tillstream.schemas.ExceptionStatus;
import io.tillstream.schemas.Owner;
import io.tillstream.schemas.ReconciliationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slack's incoming-webhook payload: {@code text} (the notification and fallback) plus {@code blocks}
 * (the formatted message). Other chat tools that accept Slack-compatible webhooks read {@code text}.
 */
final class SlackMessage {

    private SlackMessage() {
    }

    static Map<String, Object> of(ReconciliationException e) {
        boolean open = e.getStatus() == ExceptionStatus.OPEN;
        String subject = e.getType() + (e.getStoreId() != null ? " at " + e.getStoreId() : "")
                + (e.getSku() != null ? " · " + e.getSku() : "");
        // the notification text is mrkdwn too: a SKU or detail holding <!channel> must not ping anyone
        String text = escape((open ? "OPEN " : "RESOLVED ") + subject + " (" + e.getSeverity() + "): "
                + (open ? e.getDetail() : e.getEvidence() != null ? e.getEvidence() : e.getDetail()));
        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(section((open ? ":rotating_light: *OPEN* " : ":white_check_mark: *RESOLVED* ") + escape(subject)
                + " — " + e.getSeverity() + " for " + e.getOwner()));
        blocks.add(section(escape(e.getDetail()) + (e.getExpected() != null || e.getActual() != null
                ? "\n*Expected* " + escape(String.valueOf(e.getExpected())) + "   *Actual* "
                + escape(String.valueOf(e.getActual())) : "")));
        blocks.add(section(open ? "*What to do:* " + escape(e.getRunbook())
                : "*Resolved by:* " + escape(String.valueOf(e.getEvidence()))));
        blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn",
                "text", escape("id " + e.getId() + " · first seen " + e.getFirstSeenAt())))));
        return message(text, blocks);
    }

    static Map<String, Object> summary(Owner owner, int more, Duration window) {
        String span = window.toMinutes() >= 1 ? window.toMinutes() + " min" : window.toSeconds() + " s";
        String text = "…and " + more + " more " + owner + " alert" + (more == 1 ? "" : "s") + " held back in the last "
                + span + "; see the dashboard for every open exception.";
        return message(text, List.of(section(escape(text))));
    }

    private static Map<String, Object> message(String text, List<Map<String, Object>> blocks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", text);
        m.put("blocks", blocks);
        return m;
    }

    private static Map<String, Object> section(String mrkdwn) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mrkdwn));
    }

    /** Slack treats &, < and > as control characters in message text. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
