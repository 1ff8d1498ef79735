package io.sfcrime.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Checks a presented bearer token against {@code sfcrime.security.api-token}. Digests are
 * compared in constant time, so neither the token's characters nor its length can be
 * learnt from response times. Without a configured token every request is let in as the
 * {@link #NO_TOKEN} client.
 */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

    /** The principal of a request that presented the API token. */
    static final String API_CLIENT = "api-client";

    /** The principal of every request when no token is configured. */
    static final String NO_TOKEN = "no-token-configured";

    private static final List<SimpleGrantedAuthority> AUTHORITIES = List.of(new SimpleGrantedAuthority("API"));

    private final byte[] expected;

    ApiTokenAuthenticationProvider(ApiSecurityProperties properties) {
        this.expected = properties.tokenRequired() ? digest(properties.apiToken()) : null;
    }

    @Override
    public Authentication authenticate(Authentication request) {
        if (this.expected == null) {
            return new PreAuthenticatedAuthenticationToken(NO_TOKEN, null, AUTHORITIES);
        }
        Object presented = request.getCredentials();
        if (!(presented instanceof String token) || !MessageDigest.isEqual(digest(token), this.expected)) {
            throw new BadCredentialsException("The bearer token is not this suite's API token");
        }
        return new PreAuthenticatedAuthenticationToken(API_CLIENT, null, AUTHORITIES);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return PreAuthenticatedAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java runtime has SHA-256", ex);
        }
    }

}
