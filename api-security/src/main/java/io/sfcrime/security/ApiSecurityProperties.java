package io.sfcrime.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Access to a service's HTTP API, {@code sfcrime.security.*}: the same keys in every
 * service, so one setting (or one environment variable,
 * {@code SFCRIME_SECURITY_API_TOKEN}) covers the whole suite.
 *
 * @param apiToken the bearer token every state-changing request must present; unset or
 * blank means no token, and then every caller may do everything (only for a service
 * nothing but loopback can reach)
 * @param maxRequestBody the largest request body a service reads; a larger one is
 * answered 413
 */
@ConfigurationProperties(prefix = "sfcrime.security")
record ApiSecurityProperties(String apiToken, @DefaultValue("64KB") DataSize maxRequestBody) {

    /** Shorter tokens are guessable; {@code openssl rand -hex 32} gives 64 characters. */
    static final int MIN_TOKEN_LENGTH = 16;

    /**
     * Bodies are buffered whole before the application reads them, so the limit must stay
     * small.
     */
    static final DataSize MAX_BODY_LIMIT = DataSize.ofMegabytes(16);

    ApiSecurityProperties {
        apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
        if (apiToken != null
                && (apiToken.length() < MIN_TOKEN_LENGTH || apiToken.chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException("sfcrime.security.api-token must be at least " + MIN_TOKEN_LENGTH
                    + " characters without spaces (e.g. the output of `openssl rand -hex 32`), or unset");
        }
        if (maxRequestBody.toBytes() < 1 || maxRequestBody.compareTo(MAX_BODY_LIMIT) > 0) {
            throw new IllegalArgumentException("sfcrime.security.max-request-body must be between 1B and "
                    + MAX_BODY_LIMIT.toMegabytes() + "MB, was " + maxRequestBody);
        }
    }

    boolean tokenRequired() {
        return this.apiToken != null;
    }

    /** Never the token itself: this record may end up in a log or an error message. */
    @Override
    public String toString() {
        return "ApiSecurityProperties[apiToken=" + (tokenRequired() ? "(set)" : "(unset)") + ", maxRequestBody="
                + this.maxRequestBody + "]";
    }
}
