package io.driftline.topology.enrich.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.driftline.topology.enrich.window.AggregateSpec.Function;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateSpecTest {

    @Test
    void shouldParseNameFunctionFieldAndWindow() {
        assertThat(AggregateSpec.parseList("txn_count_10m=count(amount)@10m"))
                .containsExactly(new AggregateSpec("txn_count_10m", Function.COUNT, "amount", Duration.ofMinutes(10)));
    }

    @Test
    void shouldParseEveryWindowUnit() {
        assertThat(AggregateSpec.parseList("a=sum(x)@500ms, b=sum(x)@30s, c=sum(x)@10m, d=sum(x)@24h, e=sum(x)@7d"))
                .extracting(AggregateSpec::window)
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(10),
                        Duration.ofHours(24), Duration.ofDays(7));
    }

    @Test
    void shouldParseEveryFunctionInAnyCase() {
        assertThat(AggregateSpec.parseList("a=COUNT(x)@1s,b=Sum(x)@1s,c=mean(x)@1s,d=MIN(x)@1s,e=max(x)@1s,f=Distinct(x)@1s"))
                .extracting(AggregateSpec::function)
                .containsExactly(Function.COUNT, Function.SUM, Function.MEAN, Function.MIN, Function.MAX,
                        Function.DISTINCT);
    }

    @Test
    void shouldKeepDeclarationOrderAndAllowSpacesAndNestedFieldPaths() {
        List<AggregateSpec> specs = AggregateSpec.parseList("  b = max ( card.limit ) @ 1 h ,a=min(amount)@2m ");
        assertThat(specs).extracting(AggregateSpec::name).containsExactly("b", "a");
        assertThat(specs.get(0).field()).isEqualTo("card.limit");
        assertThat(specs.get(0).window()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldGiveNoAggregatesForBlankOrNullText() {
        assertThat(AggregateSpec.parseList("")).isEmpty();
        assertThat(AggregateSpec.parseList("   ")).isEmpty();
        assertThat(AggregateSpec.parseList(null)).isEmpty();
    }

    @Test
    void shouldRejectAnUnknownFunctionListingTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> AggregateSpec.parseList("a=median(x)@1m"))
                .withMessageContaining("a=median(x)@1m").withMessageContaining("unknown function 'median'")
                .withMessageContaining("count, sum, mean, min, max, distinct");
    }

    @Test
    void shouldRejectBadSyntaxNamingTheEntryAndShowingAnExample() {
        for (String bad : List.of("count(x)@1m", "a=count(x)", "a=count(x)@1w", "a=count()@1m", "1a=count(x)@1m",
                "a=count(x)@-1m", "a=count(x)@1m,,b=sum(x)@1m", "a=count(x)@1m,")) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> AggregateSpec.parseList(bad))
                    .withMessageContaining("bad aggregate").withMessageContaining("name=function(field)@window");
        }
    }

    @Test
    void shouldRejectANameDeclaredTwice() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AggregateSpec.parseList("a=count(x)@1m, a=sum(x)@1m"))
                .withMessage("aggregate 'a' is declared twice");
    }

    @Test
    void shouldRejectAWindowThatIsNotPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> AggregateSpec.parseList("a=count(x)@0s"))
                .withMessageContaining("'a' needs a positive window");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AggregateSpec("a", Function.SUM, "x", Duration.ofMillis(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new AggregateSpec("a", Function.SUM, "x", null));
    }
}
