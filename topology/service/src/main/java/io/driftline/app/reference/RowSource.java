package io.driftline.app.reference;

import org.apache.avro.generic.GenericRecord;

/**
 * The rows of a reference file, one at a time (nothing is read ahead beyond what the reader itself buffers). Each
 * row is an Avro record whose fields sit at the manifest's field paths, so that the model's own
 * {@code FeatureEncoder} reads it as it reads an enriched event.
 */
interface RowSource extends AutoCloseable {

    /** Moves to the next row; false at the end of the file. */
    boolean next() throws ReferenceException;

    /** The current row as the encoder reads it. */
    GenericRecord view();

    /** The current row's label: text for a classifier, a number for a regression model; null when unlabelled or no label column. */
    Object label();

    /** The current row's number, from 1. */
    long row();

    @Override
    void close();
}
