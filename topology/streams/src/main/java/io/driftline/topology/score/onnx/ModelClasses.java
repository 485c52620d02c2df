package io.driftline.topology.score.onnx;

import static io.driftline.topology.score.onnx.ModelLoadException.Reason.SHAPE_MISMATCH;

import io.driftline.OutputKind;
import io.driftline.OutputSpec;
import java.util.HashSet;
import java.util.List;

/**
 * A classifier's classes, in the order the scores map lists them, and which one is positive: from the manifest's
 * classLabels for a tensor output, from the ZipMap's own keys (checked against classLabels) for a ZipMap output.
 *
 * @param labels        the classes; empty for regression
 * @param positiveIndex for BINARY, the index of the class whose probability is the score; -1 otherwise
 */
record ModelClasses(List<String> labels, int positiveIndex) {

    static final ModelClasses NONE = new ModelClasses(List.of(), -1);

    /** The classes of a tensor output: the manifest's classLabels, one per column (two for a single column). */
    static ModelClasses ofTensor(OutputSpec out, ModelSignature.Layout layout, String scoresName, long[] shape)
            throws ModelLoadException {
        if (layout == ModelSignature.Layout.REGRESSION) {
            return NONE;
        }
        List<String> labels = List.copyOf(out.getClassLabels());
        if (layout == ModelSignature.Layout.SINGLE_COLUMN) {
            if (out.getKind() != OutputKind.BINARY) {
                throw new ModelLoadException(SHAPE_MISMATCH, "output '" + scoresName + "' has a single column "
                        + java.util.Arrays.toString(shape) + ": a " + out.getKind() + " model needs one column per class;"
                        + " a single probability column is a BINARY model's");
            }
            if (labels.size() != 2) {
                throw new ModelLoadException(SHAPE_MISMATCH, "output '" + scoresName + "' is a single column holding the"
                        + " positive class's probability: classLabels must name the two classes [negative, positive],"
                        + " e.g. [\"0\", \"1\"]; the manifest lists " + labels);
            }
            String positive = out.getPositiveClass();
            if (positive != null && !positive.equals(labels.get(1))) {
                throw new ModelLoadException(SHAPE_MISMATCH, "output '" + scoresName + "' is a single column: it is the"
                        + " probability of the second classLabel '" + labels.get(1) + "', so positiveClass must be '"
                        + labels.get(1) + "' or left out (list classLabels as [negative, positive]); the manifest says '"
                        + positive + "'");
            }
            return new ModelClasses(labels, 1);
        }
        if (labels.isEmpty()) {
            throw new ModelLoadException(SHAPE_MISMATCH, "a classifier's manifest must list classLabels, one per column"
                    + " of output '" + scoresName + "'");
        }
        if (shape[1] > 0 && shape[1] != labels.size()) {
            throw new ModelLoadException(SHAPE_MISMATCH, "output '" + scoresName + "' has shape "
                    + java.util.Arrays.toString(shape) + " but the manifest lists " + labels.size() + " classLabels");
        }
        return withPositive(out, labels, "classLabels");
    }

    /**
     * The classes of a ZipMap output, whose keys (read from a probe run) are {@code keys}, in the model's class
     * order. classLabels, when given, must be those keys as text, in any order; left out, the keys are the classes.
     */
    static ModelClasses ofZipMap(OutputSpec out, String scoresName, List<String> keys, String keyType)
            throws ModelLoadException {
        List<String> labels = out.getClassLabels();
        if (!labels.isEmpty() && !new HashSet<>(labels).equals(new HashSet<>(keys))) {
            throw new ModelLoadException(SHAPE_MISMATCH, "classLabels " + labels + " do not match the keys of ZipMap"
                    + " output '" + scoresName + "', which are " + keys + " (" + keyType + "): write \"classLabels\": "
                    + quoted(keys) + ", or leave classLabels out to take them from the model");
        }
        return withPositive(out, labels.isEmpty() ? List.copyOf(keys) : List.copyOf(labels),
                "classes (the ZipMap's keys)");
    }

    private static ModelClasses withPositive(OutputSpec out, List<String> labels, String what)
            throws ModelLoadException {
        if (out.getKind() != OutputKind.BINARY) {
            return new ModelClasses(labels, -1);
        }
        if (labels.size() != 2) {
            throw new ModelLoadException(SHAPE_MISMATCH, "a BINARY model has two classes; its " + what + " are "
                    + labels + ": declare kind MULTICLASS, or fix the labels");
        }
        String positive = out.getPositiveClass();
        if (positive == null) {
            return new ModelClasses(labels, labels.size() - 1);
        }
        int index = labels.indexOf(positive);
        if (index < 0) {
            throw new ModelLoadException(SHAPE_MISMATCH, "positiveClass '" + positive + "' is not one of the model's "
                    + what + " " + labels + ": write one of them, or leave it out to take the last, '"
                    + labels.get(labels.size() - 1) + "'");
        }
        return new ModelClasses(labels, index);
    }

    private static String quoted(List<String> keys) {
        return keys.stream().map(k -> "\"" + k + "\"").toList().toString();
    }
}
