package io.driftline.devkit.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoDriftTest {

    private static final int N = 20_000;

    @Test
    void shouldDoubleAmountsAndLeaveCategoriesAndTruthAlone() {
        Stats base = stats(Transactions.generator(3));
        Stats drifted = stats(DemoDrift.of(DemoDrift.Kind.AMOUNT).apply(Transactions.generator(3)));

        assertThat(drifted.meanAmount / base.meanAmount).isBetween(1.9, 2.1);
        assertThat(drifted.onlineShare).isCloseTo(base.onlineShare, org.assertj.core.api.Assertions.within(0.02));
        assertThat(drifted.fraudShare).isCloseTo(base.fraudShare, org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void shouldMoveTheCategoryMixTowardsOnlineShopsAndKeepAmountsOfACategory() {
        Stats base = stats(Transactions.generator(3));
        Stats drifted = stats(DemoDrift.of(DemoDrift.Kind.CATEGORY).apply(Transactions.generator(3)));

        assertThat(base.onlineShare).as("about 17% legitimate plus fraud's share").isBetween(0.15, 0.22);
        assertThat(drifted.onlineShare).as("about 32% of legitimate payments").isBetween(0.29, 0.36);
        assertThat(drifted.groceryShare).isLessThan(base.groceryShare * 0.6);
    }

    @Test
    void shouldShiftBothWithBoth() {
        Stats base = stats(Transactions.generator(4));
        Stats drifted = stats(DemoDrift.of(DemoDrift.Kind.BOTH, 3.0).apply(Transactions.generator(4)));

        assertThat(drifted.onlineShare).isGreaterThan(base.onlineShare + 0.1);
        assertThat(drifted.meanAmount).isGreaterThan(base.meanAmount * 2.5); // x3, and a mix with dearer categories
    }

    @Test
    void shouldChangeTheTruthButNotTheEventsUnderConceptDrift() {
        Stats base = stats(Transactions.generator(5));
        Stats drifted = stats(DemoDrift.of(DemoDrift.Kind.CONCEPT).apply(Transactions.generator(5)));

        assertThat(base.fraudShare).isBetween(0.02, 0.05);
        assertThat(drifted.fraudShare).as("one in ten legitimate-looking payments more").isBetween(0.11, 0.15);
        assertThat(drifted.meanAmount / base.meanAmount).isBetween(0.95, 1.05);
        assertThat(drifted.onlineShare).isCloseTo(base.onlineShare, org.assertj.core.api.Assertions.within(0.02));
    }

    @Test
    void shouldLeaveTheWorldItWasAppliedToUnchanged() {
        Transactions.Generator world = Transactions.generator(6);
        DemoDrift.of(DemoDrift.Kind.BOTH).apply(world);

        Stats after = stats(world);
        Stats fresh = stats(Transactions.generator(7));
        assertThat(after.meanAmount / fresh.meanAmount).isBetween(0.9, 1.1);
        assertThat(after.fraudShare).isLessThan(0.05);
    }

    @Test
    void shouldParseKindsAndDescribeThem() {
        assertThat(DemoDrift.Kind.parse("Amount")).isEqualTo(DemoDrift.Kind.AMOUNT);
        assertThat(DemoDrift.Kind.parse(" concept ")).isEqualTo(DemoDrift.Kind.CONCEPT);
        assertThatThrownBy(() -> DemoDrift.Kind.parse("price")).hasMessage(
                "drift kind must be amount, category, both or concept: price");
        assertThat(DemoDrift.of(DemoDrift.Kind.AMOUNT).describe()).isEqualTo("amount x2");
        assertThat(DemoDrift.of(DemoDrift.Kind.AMOUNT, 1.5).describe()).isEqualTo("amount x1.5");
        assertThat(DemoDrift.of(DemoDrift.Kind.CATEGORY).describe())
                .isEqualTo("merchant categories shifted to online_retail 32%, electronics 13%, grocery 12%");
        assertThat(DemoDrift.of(DemoDrift.Kind.CONCEPT).describe())
                .isEqualTo("concept drift: 10% of legitimate-looking payments are fraud");
        assertThatThrownBy(() -> DemoDrift.of(DemoDrift.Kind.AMOUNT, 0)).hasMessage(
                "amount factor must be finite and > 0: 0.0");
    }

    private record Stats(double meanAmount, double onlineShare, double groceryShare, double fraudShare) {
    }

    private static Stats stats(Transactions.Generator generator) {
        List<Transactions.Payment> payments = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            payments.add(generator.nextPayment());
        }
        double amount = payments.stream().mapToDouble(p -> (Double) p.transaction().get("amount")).average().orElseThrow();
        return new Stats(amount, share(payments, "online_retail"), share(payments, "grocery"),
                payments.stream().filter(Transactions.Payment::fraud).count() / (double) N);
    }

    private static double share(List<Transactions.Payment> payments, String category) {
        return payments.stream().filter(p -> p.transaction().get("merchantCategory").toString().equals(category))
                .count() / (double) N;
    }
}
