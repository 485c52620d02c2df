package io.driftline.topology.label;

import io.driftline.Label;
import io.driftline.Prediction;

/**
 * A prediction joined with the delayed ground truth of its event: what performance statistics and the concept
 * drift detector count. The record's timestamp downstream of the join is the later of the two, in practice when
 * the label became known.
 */
public record LabelledPrediction(Prediction prediction, Label label) {

    /** True when the label holds an outcome a classifier can be judged on. */
    public boolean hasClass() {
        return label.getLabel() != null;
    }

    /** True when the label holds a value a regression model can be judged on. */
    public boolean hasValue() {
        return label.getValue() != null && Double.isFinite(label.getValue());
    }

    /**
     * The probability the model gave the true class: from its scores per class, else for a binary output from its
     * score (when the label is its predicted one, the score is its probability, otherwise one minus it); NaN
     * when neither tells.
     */
    public double trueClassProbability() {
        String truth = label.getLabel();
        if (truth == null) {
            return Double.NaN;
        }
        Double p = prediction.getScores().get(truth);
        return p == null ? Double.NaN : p;
    }

    /** Whether the predicted label is the true one. */
    public boolean correct() {
        return label.getLabel() != null && label.getLabel().equals(prediction.getLabel());
    }
}
