package io.driftline.topology.enrich.window;

/**
 * One event's values of the fields the aggregates read, slot by slot in {@link FieldLayout} order. Mutable and
 * reused: the processor fills one for the current event and one, over and over, for the stored events it reads.
 */
final class Sample {

    /** Whether the field is present and not null. */
    final boolean[] present;
    /** The value as a double, for fields a numeric aggregate reads. */
    final double[] number;
    /** The value as text, for fields a DISTINCT aggregate reads. */
    final String[] text;

    Sample(int fields) {
        present = new boolean[fields];
        number = new double[fields];
        text = new String[fields];
    }
}
