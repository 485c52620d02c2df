package io.driftline.models.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChallengerComparisonTest {

    /** Pearson's r computed directly, two passes. */
    private static double pearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    @Test
    void shouldMatchTheDirectCorrelationAndCountAgreementsAlsoWhenMergedFromParts() {
        Random random = new Random(7);
        int n = 5_000;
        double[] x = new double[n];
        double[] y = new double[n];
        ChallengerComparison whole = new ChallengerComparison();
        ChallengerComparison first = new ChallengerComparison();
        ChallengerComparison second = new ChallengerComparison();
        int agree = 0;
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble();
            y[i] = 0.8 * x[i] + 0.2 * random.nextDouble();
            String lx = x[i] > 0.5 ? "fraud" : "legit";
            String ly = y[i] > 0.5 ? "fraud" : "legit";
            agree += lx.equals(ly) ? 1 : 0;
            whole.add("1", x[i], lx, y[i], ly);
            (i % 3 == 0 ? first : second).add("1", x[i], lx, y[i], ly);
        }
        first.merge(second);

        for (ChallengerComparison c : new ChallengerComparison[] {whole, first}) {
            ChallengerComparison.Result r = c.result();
            assertThat(r.events()).isEqualTo(n);
            assertThat(r.championVersion()).isEqualTo("1");
            assertThat(r.scoreCorrelation()).isCloseTo(pearson(x, y), within(1e-9));
            assertThat(r.agreementRate()).isCloseTo((double) agree / n, within(1e-12));
            assertThat(r.scoreKs()).as("y is squeezed towards the middle: the distributions differ")
                    .isGreaterThan(0.05);
            assertThat(r.scoreKsPValue()).isLessThan(0.01);
        }
    }

    @Test
    void shouldSeeNoDistanceBetweenAModelAndItselfAndNothingWithoutPairs() {
        ChallengerComparison same = new ChallengerComparison();
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            double s = random.nextDouble();
            same.add("1", s, null, s, null);
        }
        ChallengerComparison.Result r = same.result();
        assertThat(r.scoreCorrelation()).isCloseTo(1.0, within(1e-12));
        // Two sketches of the same stream compact at random: their CDFs differ by no more than the rank error.
        assertThat(r.scoreKs()).isLessThan(0.02);
        assertThat(r.scoreKsPValue()).isGreaterThan(0.5);
        assertThat(r.agreementRate()).as("regression: no labels").isNaN();
        assertThat(r.labelled()).isZero();

        ChallengerComparison.Result empty = new ChallengerComparison().result();
        assertThat(empty.events()).isZero();
        assertThat(empty.scoreCorrelation()).isNaN();
        assertThat(empty.scoreKs()).isNaN();
    }

    @Test
    void shouldTestThePerformanceDifferenceOnTheSameLabelledEvents() {
        ChallengerComparison classes = new ChallengerComparison();
        ChallengerComparison part = new ChallengerComparison();
        for (int i = 0; i < 80; i++) {
            classes.addLabelledClass(true, true);
        }
        for (int i = 0; i < 8; i++) {
            classes.addLabelledClass(false, true); // the challenger right where the champion was wrong
        }
        part.addLabelledClass(false, true);
        part.addLabelledClass(false, true);
        part.addLabelledClass(true, false);
        part.addLabelledClass(true, false);
        classes.merge(part); // b (champion only) = 2, c (challenger only) = 10: 2 * P(X <= 2 | 12, 1/2) = 0.0386

        ChallengerComparison.Result r = classes.result();
        assertThat(r.performanceMetric()).isEqualTo("accuracy");
        assertThat(r.pairedLabelled()).isEqualTo(92);
        assertThat(r.championPerformance()).isCloseTo(82.0 / 92, within(1e-12));
        assertThat(r.challengerPerformance()).isCloseTo(90.0 / 92, within(1e-12));
        assertThat(r.performancePValue()).isCloseTo(2.0 * (1 + 12 + 66) / 4096, within(1e-12));
        assertThat(ChallengerComparison.mcNemarExact(0, 0)).isEqualTo(1.0);
        assertThat(r.championOnlyCorrect()).isEqualTo(2);
        assertThat(r.challengerOnlyCorrect()).isEqualTo(10);
        // Non-inferiority by 1 point of accuracy: a better challenger passes, a clearly worse one does not.
        assertThat(ChallengerComparison.nonInferiorityPValue(92, 2, 10, 0.01)).isLessThan(0.05);
        assertThat(ChallengerComparison.nonInferiorityPValue(92, 10, 2, 0.01)).isGreaterThan(0.9);
        assertThat(ChallengerComparison.nonInferiorityPValue(100, 0, 0, 0.01)).as("always agreeing").isZero();

        ChallengerComparison values = new ChallengerComparison();
        Random random = new Random(11);
        for (int i = 0; i < 400; i++) {
            double actual = random.nextGaussian();
            values.addLabelledValue(actual + 0.5 * random.nextGaussian(), actual + 0.1 * random.nextGaussian(),
                    actual);
        }
        ChallengerComparison.Result v = values.result();
        assertThat(v.performanceMetric()).isEqualTo("mae");
        assertThat(v.challengerPerformance()).isLessThan(v.championPerformance());
        assertThat(v.performancePValue()).as("a much smaller error on 400 pairs").isLessThan(1e-6);
    }

    @Test
    void shouldRoundTripItsBinaryForm() throws Exception {
        ChallengerComparison c = new ChallengerComparison();
        c.add("3", 0.2, "legit", 0.3, "legit");
        c.add("3", 0.9, "fraud", 0.4, "legit");
        c.add("3", Double.NaN, "fraud", 0.4, "legit"); // left out
        c.addLabelledClass(true, false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        c.write(new DataOutputStream(bytes));

        ChallengerComparison back = ChallengerComparison.read(new DataInputStream(
                new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(back.result()).isEqualTo(c.result());
        assertThat(back.events()).isEqualTo(2);
        assertThat(back.result().agreementRate()).isEqualTo(0.5);
    }
}
