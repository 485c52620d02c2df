package io.driftline.topology.label;

import io.driftline.Label;
import io.driftline.OutputKind;
import io.driftline.Prediction;
import io.driftline.models.drift.PerformanceStats;

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

    /**
     * Counts this labelled prediction into a model's performance: a classifier's by its label (a label that is not
     * text, a value for a classifier say, is not counted), a regression model's by its value. A binary classifier's
     * score is the positive class's probability, so it also feeds the AUC. Drift windows and reference profiles
     * ({@code model publish --reference}) both count through here, so that a window is judged the way its
     * reference was measured.
     *
     * @param kind          the model's output kind
     * @param positiveClass the manifest's positive class of a binary classifier, else null
     * @return false when the label cannot judge this model's prediction
     */
    public boolean countInto(PerformanceStats performance, OutputKind kind, String positiveClass) {
        if (kind == OutputKind.REGRESSION) {
            if (!hasValue()) {
                return false;
            }
            performance.addRegression(prediction.getScore(), label.getValue());
            return true;
        }
        if (!hasClass()) {
            return false;
        }
        boolean positive = positiveClass != null && positiveClass.equals(label.getLabel());
        performance.addClassification(correct(), trueClassProbability(),
                positiveClass == null ? Double.NaN : prediction.getScore(), positive);
        return true;
    }
}
