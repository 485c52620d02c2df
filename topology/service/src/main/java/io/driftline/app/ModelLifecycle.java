package io.driftline.app;

import io.driftline.ModelAuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each model stands, replayed from its audit trail: the version serving as champion and since when, the
 * shadow (challenger) scoring beside it, the last rejection; what {@code driftline model list} prints. The replay
 * follows the registry's rules: a champion deploy replaces the champion and clears a shadow of the same version, a
 * shadow deploy replaces the shadow, a retirement ends both.
 */
public final class ModelLifecycle {

    /** One model's state. Fields are null where there is none. */
    public record State(String model, String serving, Instant servingSince, String servingActor, String shadow,
                        Instant shadowSince, String lastRejected, String lastRejectedReason, Instant lastRejectedAt,
                        Instant retiredAt) {
    }

    private ModelLifecycle() {
    }

    /** Each model's state after its entries (oldest first), in the order models first appear. */
    public static List<State> replay(List<ModelAuditEvent> entries) {
        Map<String, State> states = new LinkedHashMap<>();
        for (ModelAuditEvent e : entries) {
            State s = states.getOrDefault(e.getModel(),
                    new State(e.getModel(), null, null, null, null, null, null, null, null, null));
            states.put(e.getModel(), switch (e.getType()) {
                case DEPLOYED, PROMOTED, ROLLED_BACK -> new State(s.model(), e.getVersion(), e.getDecidedAt(),
                        e.getActor(), e.getVersion().equals(s.shadow()) ? null : s.shadow(),
                        e.getVersion().equals(s.shadow()) ? null : s.shadowSince(), s.lastRejected(),
                        s.lastRejectedReason(), s.lastRejectedAt(), null);
                case SHADOW_DEPLOYED -> new State(s.model(), s.serving(), s.servingSince(), s.servingActor(),
                        e.getVersion(), e.getDecidedAt(), s.lastRejected(), s.lastRejectedReason(), s.lastRejectedAt(),
                        s.retiredAt());
                case REJECTED -> new State(s.model(), s.serving(), s.servingSince(), s.servingActor(), s.shadow(),
                        s.shadowSince(), e.getVersion(), e.getReason(), e.getDecidedAt(), s.retiredAt());
                case RETIRED -> new State(s.model(), null, null, null, null, null, s.lastRejected(),
                        s.lastRejectedReason(), s.lastRejectedAt(), e.getDecidedAt());
                default -> s;
            });
        }
        return new ArrayList<>(states.values());
    }

    /** One line of {@code driftline model list}. */
    public static String line(State s) {
        StringBuilder out = new StringBuilder(String.format("%-20s", s.model()));
        if (s.serving() != null) {
            out.append(" serving v").append(s.serving()).append(" since ").append(s.servingSince());
            if (s.servingActor() != null) {
                out.append(" (by ").append(s.servingActor()).append(')');
            }
        } else if (s.retiredAt() != null) {
            out.append(" retired at ").append(s.retiredAt());
        } else {
            out.append(" nothing serving");
        }
        if (s.shadow() != null) {
            out.append("; shadow v").append(s.shadow()).append(" since ").append(s.shadowSince());
        }
        if (s.lastRejected() != null) {
            out.append("; last rejected v").append(s.lastRejected()).append(" (").append(s.lastRejectedReason())
                    .append(") at ").append(s.lastRejectedAt());
        }
        return out.toString();
    }
}
