package io.sfcrime.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void agreesWithTheJdksStrictDecoderOnRandomBytes() {
        // Mostly bytes of multi-byte sequences, where the mistakes are.
        int invalid = agreesWithTheJdk(new Random(20181231), 300_000, 6,
                random -> random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
        assertThat(invalid).as("both kinds were tried").isBetween(1_000, 299_000);
    }

    @Test
    void namesTheSameFirstBadByteAsTheJdksDecoderInLongerMostlyAsciiText() {
        // ASCII runs, as in real records, with a byte above 0x7F now and then.
        int invalid = agreesWithTheJdk(new Random(20181001), 100_000, 64,
                random -> random.nextInt(40) == 0 ? 0x80 + random.nextInt(0x80) : random.nextInt(0x80));
        assertThat(invalid).as("both kinds were tried").isBetween(1_000, 99_000);
    }

    @Test
    void findsANulByteWhereverItIs() {
        for (int length = 1; length <= 40; length++) {
            byte[] text = new byte[length];
            Arrays.fill(text, (byte) 'a');
            assertThat(Utf8.notJsonText(text)).isNull();
            for (int at = 0; at < length; at++) {
                byte[] withNul = text.clone();
                withNul[at] = 0;
                assertThat(Utf8.notJsonText(withNul)).isEqualTo("a NUL byte at " + at);
            }
        }
        // Bytes whose words look like a zero byte to a careless test: 0x80 and 0x01
        // neighbours.
        assertThat(Utf8.notJsonText(new byte[] { 1, (byte) 0x80, 1, (byte) 0x81, 1, 1, (byte) 0xFF, 1, 1 })).isNull();
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

    /** Where the JDK's strict decoder stops at malformed input, or -1. */
    private static int firstMalformed(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(in, CharBuffer.allocate(bytes.length), true);
        return result.isError() ? in.position() : -1;
    }

    /**
     * Random texts of 1 to {@code maxLength} bytes from {@code nextByte}: each one's
     * first bad byte is where the JDK's strict decoder stops. Answers how many were
     * invalid.
     */
    private static int agreesWithTheJdk(Random random, int texts, int maxLength, ToIntFunction<Random> nextByte) {
        int invalid = 0;
        for (int n = 0; n < texts; n++) {
            byte[] bytes = new byte[1 + random.nextInt(maxLength)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) nextByte.applyAsInt(random);
            }
            int jdk = firstMalformed(bytes);
            assertThat(Utf8.firstInvalidByte(bytes)).as("%s", HexFormat.of().formatHex(bytes)).isEqualTo(jdk);
            invalid += jdk < 0 ? 0 : 1;
        }
        return invalid;
    }

}
