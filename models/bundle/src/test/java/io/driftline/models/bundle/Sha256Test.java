package io.driftline.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void shouldMatchTheStandardTestVector() {
        // FIPS 180-2, appendix B.1: SHA-256("abc").
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void shouldRecogniseOnlyLowerCaseHexOfTheRightLength() {
        String hex = Sha256.hex(new byte[0]);

        assertThat(Sha256.isHex(hex)).isTrue();
        assertThat(Sha256.isHex(hex.toUpperCase())).isFalse();
        assertThat(Sha256.isHex(hex.substring(1))).isFalse();
        assertThat(Sha256.isHex(null)).isFalse();
    }
}
