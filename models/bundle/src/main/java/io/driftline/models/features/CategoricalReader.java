package io.driftline.models.features;

import io.driftline.MissingPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.util.Utf8;

/**
 * A CATEGORICAL feature: a string, {@link Utf8} or enum symbol mapped to its vocabulary index; an unseen value
 * maps to the vocabulary size.
 */
final class CategoricalReader extends FeatureReader {

    private final Map<String, Integer> byString = new HashMap<>();
    private final Map<Utf8, Integer> byUtf8 = new HashMap<>(); // avoids a String copy per decoded event
    private final double unseen;

    CategoricalReader(String name, String field, MissingPolicy policy, double missingValue, List<String> vocabulary) {
        super(name, field, policy, missingValue);
        if (vocabulary == null || vocabulary.isEmpty()) {
            throw new IllegalArgumentException("categorical feature '" + name + "' has no vocabulary");
        }
        for (int i = 0; i < vocabulary.size(); i++) {
            byString.putIfAbsent(vocabulary.get(i), i);
            byUtf8.putIfAbsent(new Utf8(vocabulary.get(i)), i);
        }
        this.unseen = vocabulary.size();
    }

    @Override
    double convert(Object raw) {
        Integer index;
        if (raw instanceof Utf8) {
            index = byUtf8.get(raw);
        } else if (raw instanceof CharSequence || raw instanceof GenericEnumSymbol || raw instanceof Enum) {
            index = byString.get(raw.toString());
        } else {
            throw wrongType(raw, "a string or enum symbol");
        }
        return index == null ? unseen : index;
    }
}
