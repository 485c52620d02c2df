package io.driftline.topology.concept;

import io.driftline.topology.label.LabelledPrediction;

/**
 * The per-event error the concept drift detector watches, in [0, 1] for classifiers so that one set of detector
 * settings suits every model: one minus the probability the model gave the true class (for a binary fraud model,
 * |y - p|), or 0/1 for a classifier that gave no probability for the true class; for a regression model the
 * absolute error in units of the reference spread of its predictions.
 */
final class PredictionError {

    private PredictionError() {
    }

    /**
     * @param regressionScale the reference standard deviation of the model's predictions (1 when unknown)
     * @return the error, or NaN when the label cannot judge the prediction (a class label for a regression model)
     */
    static double of(LabelledPrediction labelled, double regressionScale) {
        if (labelled.hasClass() && labelled.prediction().getLabel() != null) {
            double p = labelled.trueClassProbability();
            if (!Double.isNaN(p)) {
                return 1 - Math.min(1, Math.max(0, p));
            }
            return labelled.correct() ? 0 : 1;
        }
        if (labelled.hasValue() && labelled.prediction().getLabel() == null) {
            double scale = regressionScale > 0 && Double.isFinite(regressionScale) ? regressionScale : 1;
            return Math.abs(labelled.prediction().getScore() - labelled.label().getValue()) / scale;
        }
        return Double.NaN;
    }
}
