package io.driftline.models.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BinsTest {

    @Test
    void shouldPutAnEdgeValueInTheBinAboveIt() {
        double[] edges = {1.0, 2.0, 3.0};

        assertThat(Bins.index(edges, 0.5)).isZero();
        assertThat(Bins.index(edges, 1.0)).isEqualTo(1);
        assertThat(Bins.index(edges, 1.5)).isEqualTo(1);
        assertThat(Bins.index(edges, 3.0)).isEqualTo(3);
        assertThat(Bins.index(edges, 99)).isEqualTo(3);
        assertThat(Bins.index(List.of(1.0, 2.0, 3.0), 2.0)).isEqualTo(2);
        assertThat(Bins.index(new double[0], 5)).isZero();
    }

    @Test
    void shouldMakeDecilesOfContinuousData() {
        double[] values = IntStream.range(0, 1000).asDoubleStream().toArray();

        double[] edges = Bins.quantileEdges(values, 10);

        assertThat(edges).containsExactly(100, 200, 300, 400, 500, 600, 700, 800, 900);
        assertThat(Bins.fractions(edges, values)).containsOnly(0.1);
    }

    @Test
    void shouldGiveDiscreteDataOnlyBinsThatHoldValues() {
        double[] flags = new double[100];
        Arrays.fill(flags, 70, 100, 1.0); // 70 zeros, 30 ones

        double[] edges = Bins.quantileEdges(flags, 10);

        assertThat(edges).containsExactly(1.0);
        assertThat(Bins.fractions(edges, flags)).containsExactly(0.7, 0.3);
    }

    @Test
    void shouldGiveAConstantNoEdges() {
        double[] edges = Bins.quantileEdges(new double[] {4, 4, 4}, 10);

        assertThat(edges).isEmpty();
        assertThat(Bins.fractions(edges, new double[] {4, 4, 4})).containsExactly(1.0);
    }
}
