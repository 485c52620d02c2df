package io.driftline.devkit.payments;

/**
 * Per-feature standardisation, z = (x - mean) * scale with scale = 1 / stddev, computed in float as the ONNX
 * graph computes it, so that Tribuo and ONNX Runtime see the same standardised values.
 */
record Standardizer(float[] mean, float[] scale) {

    /** Fits mean and scale to the rows; a constant column gets scale 1. */
    static Standardizer fit(double[][] rows) {
        int width = rows[0].length;
        double[] sum = new double[width];
        double[] sumSquares = new double[width];
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                sum[j] += row[j];
                sumSquares[j] += row[j] * row[j];
            }
        }
        float[] mean = new float[width];
        float[] scale = new float[width];
        for (int j = 0; j < width; j++) {
            double m = sum[j] / rows.length;
            double sd = Math.sqrt(Math.max(0, sumSquares[j] / rows.length - m * m));
            mean[j] = (float) m;
            scale[j] = sd > 1e-9 ? (float) (1 / sd) : 1f;
        }
        return new Standardizer(mean, scale);
    }

    double[] apply(double[] row) {
        double[] z = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            z[j] = ((float) row[j] - mean[j]) * scale[j];
        }
        return z;
    }
}
