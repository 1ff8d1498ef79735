package io.sfcrime.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        Random random = new Random(20181231);
        int invalid = 0;
        for (int n = 0; n < 300_000; n++) {
            byte[] bytes = new byte[1 + random.nextInt(6)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly bytes of multi-byte sequences, where the mistakes are.
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
            }
            boolean jdk = decodes(bytes);
            assertThat(Utf8.firstInvalidByte(bytes) < 0).as("%s", HexFormat.of().formatHex(bytes)).isEqualTo(jdk);
            invalid += jdk ? 0 : 1;
        }
        assertThat(invalid).as("both kinds were tried").isBetween(1_000, 299_000);
    }

    @Test
    void everyCodePointEncodedByTheJdkIsValid() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.firstInvalidByte(bytes)).as("U+%04X", cp).isEqualTo(-1);
        }
    }

    @Test
    void namesTheFirstBadByte() {
        assertThat(Utf8.firstInvalidByte(new byte[] { 'a', 'b', (byte) 0xC0, (byte) 0xAF })).isEqualTo(2);
        assertThat(Utf8.firstInvalidByte(new byte[] { 'a', (byte) 0xE2, (byte) 0x82 })).isEqualTo(1);
        assertThat(Utf8.firstInvalidByte(new byte[] { (byte) 0xC3, (byte) 0xA9, (byte) 0x80 })).isEqualTo(2);
    }

    private static boolean decodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
            return true;
        }
        catch (CharacterCodingException ex) {
            return false;
        }
    }

}
