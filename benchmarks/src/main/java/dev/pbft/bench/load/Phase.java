package dev.pbft.bench.load;

/** The part of a run a second belongs to: warm-up seconds are reported but never summarised. */
public enum Phase {
    WARMUP("warmup"),
    MEASURE("measure");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** The lower-case name used in CSV, JSON and progress lines. */
    public String label() {
        return label;
    }
}
