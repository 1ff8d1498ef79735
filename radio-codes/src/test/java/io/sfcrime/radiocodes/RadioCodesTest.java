package io.sfcrime.radiocodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RadioCodesTest {

    private final RadioCodes codes = RadioCodes.bundled();

    @Test
    void bundledTableHasTheNineteenCodesOfTheOriginalFile() {
        assertThat(this.codes.size()).isEqualTo(19);
        assertThat(this.codes.codes()).containsExactly("ABA", "ADM", "ADV", "ARR", "CAN", "CSA", "22", "CIT", "CRM",
                "GOA", "HAN", "NCR", "ND", "NOM", "PAS", "REP", "SFD", "UTL", "VAS");
    }

    @Test
    void bundledTableIsThePublishedFileByteForByte() throws Exception {
        try (InputStream bundled = RadioCodes.class.getResourceAsStream(RadioCodes.BUNDLED_RESOURCE)) {
            byte[] bytes = bundled.readAllBytes();
            // sha256 as recorded in data/SOURCES.md
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                .isEqualTo("82b7ecdd01e2e9633b4e0bb12f63f7c249cd8c686973e9e2986f8156ac7a0b40");
            // Parsing must not depend on layout: the file is tab-indented, starts with
            // two spaces and a
            // newline and has no trailing newline.
            String text = new String(bytes, StandardCharsets.US_ASCII);
            assertThat(text).startsWith("  \n[").endsWith("]").contains("\t\t\"disposition_code\"");
        }
    }

    @Test
    void looksUpKnownCodes() {
        assertThat(this.codes.lookup("ARR")).isEqualTo(new RadioCode("ARR", "Arrest", true));
        assertThat(this.codes.describe("GOA")).isEqualTo("Gone on Arrival");
        assertThat(this.codes.describe("SFD")).isEqualTo("SFFD Medical Staff Engaged");
        assertThat(this.codes.contains("ND")).isTrue();
    }

    @Test
    void twoCodesShareTheCancelDescription() {
        assertThat(this.codes.describe("22")).isEqualTo("Cancel");
        assertThat(this.codes.describe("CAN")).isEqualTo("Cancel");
        assertThat(this.codes.asMap().values()).filteredOn("Cancel"::equals).hasSize(2);
    }

    @Test
    void unknownCodesAreAnsweredExplicitly() {
        assertThat(this.codes.lookup("XYZ")).isEqualTo(new RadioCode("XYZ", RadioCodes.UNKNOWN_DESCRIPTION, false));
        assertThat(this.codes.lookup(null)).isEqualTo(new RadioCode("", RadioCodes.UNKNOWN_DESCRIPTION, false));
        assertThat(this.codes.lookup("arr").known()).as("codes are case-sensitive").isFalse();
        assertThat(this.codes.contains(null)).isFalse();
    }

    @Test
    void tableIsImmutable() {
        assertThatThrownBy(() -> this.codes.asMap().put("NEW", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsMalformedTables() {
        assertThatIllegalArgumentException().isThrownBy(() -> read("{\"disposition_code\":\"A\"}"))
            .withMessageContaining("JSON array");
        assertThatIllegalArgumentException().isThrownBy(() -> read("[{\"disposition_code\":\"A\"}]"))
            .withMessageContaining("description");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> read("[{\"disposition_code\":\"A\",\"description\":\"x\"},"
                    + "{\"disposition_code\":\"A\",\"description\":\"y\"}]"))
            .withMessageContaining("twice");
    }

    private static RadioCodes read(String json) throws Exception {
        return RadioCodes.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

}
