package io.sfcrime.calls;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8, checked explicitly: Jackson decodes some ill-formed sequences (overlong
 * forms, encoded surrogates) without complaint, and guesses UTF-16 or UTF-32 from zero
 * bytes at the start of its input.
 */
final class Utf8 {

    private static final int BOM_1 = 0xEF;

    private static final int BOM_2 = 0xBB;

    private static final int BOM_3 = 0xBF;

    /**
     * Eight bytes of an array as one long: the two scans run over real records, which are
     * ASCII, a word at a time (they were a fifth of the rule's time byte by byte).
     */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long HIGH_BITS = 0x8080808080808080L;

    private static final long LOW_BITS = 0x0101010101010101L;

    private Utf8() {
    }

    /**
     * The offset of the first byte that does not belong to a well-formed UTF-8 sequence
     * (Unicode's table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF,
     * nothing cut short), or -1 if every byte does.
     */
    static int firstInvalidByte(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            if (i + Long.BYTES <= n && ((long) WORDS.get(bytes, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
                continue;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xFF;
            int length;
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
            }
            else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                secondMin = lead == 0xE0 ? 0xA0 : 0x80;
                secondMax = lead == 0xED ? 0x9F : 0xBF;
            }
            else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                secondMin = lead == 0xF0 ? 0x90 : 0x80;
                secondMax = lead == 0xF4 ? 0x8F : 0xBF;
            }
            else {
                return i;
            }
            if (i + length > n) {
                return i;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < secondMin || second > secondMax) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }

    /**
     * Why well-formed UTF-8 bytes cannot be JSON text whatever else they hold, or null: a
     * NUL byte (JSON has none, and leading zero bytes would make Jackson read UTF-16 or
     * UTF-32) or a byte order mark (which Jackson would skip and JSON does not allow).
     */
    static String notJsonText(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == BOM_1 && (bytes[1] & 0xFF) == BOM_2
                && (bytes[2] & 0xFF) == BOM_3) {
            return "starts with a byte order mark";
        }
        int i = 0;
        // A word has a zero byte exactly when this is not zero (the classic bit trick).
        while (i + Long.BYTES <= bytes.length) {
            long word = (long) WORDS.get(bytes, i);
            if (((word - LOW_BITS) & ~word & HIGH_BITS) != 0) {
                break;
            }
            i += Long.BYTES;
        }
        for (; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return "a NUL byte at " + i;
            }
        }
        return null;
    }

}
