package io.tillstream.centra.simulator.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The integration's event queue: listeners say which object and change types to record, events
 * stay queued (oldest first) until confirmed. Not thread-safe: {@link Simulation} guards it.
 */
public final class EventQueue {

    private final Map<EventObjectType, EventListener> listeners = new EnumMap<>(EventObjectType.class);
    private final Map<Integer, Event> pending = new LinkedHashMap<>();

    /**
     * Adds change types to a listener, never removes them: Centra documents setEventListeners as
     * additive and idempotent. An empty or null list means every change type.
     */
    public EventListener listen(final EventObjectType type, final Collection<EventChangeType> changeTypes,
                                final Instant now) {
        final Set<EventChangeType> wanted = changeTypes == null || changeTypes.isEmpty()
                ? EnumSet.allOf(EventChangeType.class) : EnumSet.copyOf(changeTypes);
        final EventListener existing = listeners.get(type);
        final EventListener next;
        if (existing == null) {
            next = new EventListener(type, List.copyOf(wanted), now, now);
        } else {
            wanted.addAll(existing.changeTypes());
            next = new EventListener(type, List.copyOf(wanted), existing.createdAt(), now);
        }
        listeners.put(type, next);
        return next;
    }

    /** Puts back a listener from a snapshot, timestamps included. */
    public void restore(final EventListener listener) {
        listeners.put(listener.objectType(), listener);
    }

    public boolean isListening(final EventObjectType type, final EventChangeType change) {
        final EventListener listener = listeners.get(type);
        return listener != null && listener.changeTypes().contains(change);
    }

    public void enqueue(final Event event) {
        pending.put(event.id(), event);
    }

    /** Oldest unconfirmed events first, at most {@code limit} of those the filter matches. */
    public List<Event> events(final EventFilter filter, final int limit) {
        final List<Event> out = new ArrayList<>();
        for (Event event : pending.values()) {
            if (out.size() >= limit) {
                break;
            }
            if (filter.matches(event)) {
                out.add(event);
            }
        }
        return out;
    }

    /** Removes the given events from the queue and returns those that were still queued. */
    public List<Event> confirm(final Collection<Integer> ids) {
        final List<Event> confirmed = new ArrayList<>();
        for (Integer id : ids) {
            final Event removed = pending.remove(id);
            if (removed != null) {
                confirmed.add(removed);
            }
        }
        return confirmed;
    }

    public List<EventListener> listeners() {
        return List.copyOf(listeners.values());
    }

    public List<Event> pending() {
        return List.copyOf(pending.values());
    }
}
