package io.driftline.topology.score.onnx;

import java.util.Map;

/**
 * What a model said about one row, read from its ONNX outputs as the manifest describes.
 *
 * @param score  positive-class probability (binary), top-class probability (multiclass) or value (regression)
 * @param label  predicted class label, or null for regression
 * @param scores probability per class label; empty for regression
 */
public record ModelOutput(double score, String label, Map<String, Double> scores) {
}
