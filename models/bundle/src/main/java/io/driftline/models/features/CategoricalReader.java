package io.driftline.models.features;

import io.driftline.MissingPolicy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.util.Utf8;

/**
 * A CATEGORICAL feature: a string, {@link Utf8} or enum symbol mapped to its vocabulary index; an unseen value
 * maps to the vocabulary size. For a string input the value is passed as its text, unseen or not (the model
 * encodes it); a missing value under DEFAULT becomes the vocabulary entry at index {@code defaultValue}, or the
 * empty string when that is no index of the vocabulary.
 */
final class CategoricalReader extends FeatureReader {

    private final Map<String, Integer> byString = new HashMap<>();
    private final Map<Utf8, Integer> byUtf8 = new HashMap<>(); // avoids a String copy per decoded event
    private final double unseen;
    private final String missingText;

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
        int index = (int) missingValue;
        this.missingText = index == missingValue && index >= 0 && index < vocabulary.size() ? vocabulary.get(index) : "";
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

    @Override
    String convertText(Object raw) {
        if (raw instanceof CharSequence || raw instanceof GenericEnumSymbol || raw instanceof Enum) {
            return raw.toString();
        }
        throw wrongType(raw, "a string or enum symbol");
    }

    @Override
    String missingText() {
        return missingText;
    }
}
