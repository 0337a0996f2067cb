package dev.pbft.bench.load;

import java.util.Objects;

/**
 * A fault the engine injected, or tried to.
 *
 * @param fault       the fault in its canonical text form, e.g. {@code kill:3@5s}
 * @param runSeconds  when it fired, in seconds from the start of the warm-up
 * @param ok          false if the injection itself failed (then {@code detail} says why)
 * @param detail      a short human-readable outcome
 */
public record FaultEvent(String fault, double runSeconds, boolean ok, String detail) {
    public FaultEvent {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(detail, "detail");
    }
}
