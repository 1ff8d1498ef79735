package io.sfcrime.verify.system;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializer of the dead-letter producer (named in application.yml). With the configured
 * byte-array delegates every key and value arrives as the original bytes and is published
 * unchanged. Should a delegate ever produce other objects, they are written as their text
 * rather than making the dead-letter publication fail and the record stall its partition.
 */
public class RawBytesSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        return String.valueOf(data).getBytes(StandardCharsets.UTF_8);
    }

}
