package io.driftline.models.drift;

import com.fasterxml.jackson.databind.JsonNode;

/** A numeric reference from a {@code numeric_bins.json} case (bins only: no sketch). */
final class NumericFixture {

    private NumericFixture() {
    }

    static ReferenceFeature reference(JsonNode c) {
        return ReferenceFeature.numeric("x", DriftFixtures.doubles(c.get("edges")),
                DriftFixtures.doubles(c.get("referenceFractions")), c.get("min").asDouble(), c.get("max").asDouble(),
                null, 0, 1, 1000);
    }
}
