package io.driftline.app.reference;

import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** Rows in memory, as events: the baseline the file readers must agree with. */
final class ListRowSource implements RowSource {

    private final List<GenericRecord> rows;
    private final String labelField;
    private int next;

    ListRowSource(List<GenericRecord> rows, String labelField) {
        this.rows = rows;
        this.labelField = labelField;
    }

    @Override
    public boolean next() {
        return ++next <= rows.size();
    }

    @Override
    public GenericRecord view() {
        return rows.get(next - 1);
    }

    @Override
    public Object label() {
        Object label = labelField == null ? null : view().get(labelField);
        return label == null ? null : label.toString();
    }

    @Override
    public long row() {
        return next;
    }

    @Override
    public void close() {
    }
}
