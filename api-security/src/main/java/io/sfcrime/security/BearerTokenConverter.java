package io.sfcrime.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Reads {@code Authorization: Bearer <token>} (RFC 6750). No header: an anonymous
 * request, which may still read. Any other scheme, or a bearer header without a token, is
 * refused rather than ignored, so that a client that believes it is authenticated learns
 * at once that it is not. Without a configured token, every request is handed on to be
 * let in.
 */
final class BearerTokenConverter implements AuthenticationConverter {

    private static final String BEARER = "Bearer ";

    private final boolean tokenRequired;

    BearerTokenConverter(boolean tokenRequired) {
        this.tokenRequired = tokenRequired;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (!this.tokenRequired) {
            return new PreAuthenticatedAuthenticationToken(ApiTokenAuthenticationProvider.NO_TOKEN, "");
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.substring(BEARER.length()).isBlank()) {
            throw new BadCredentialsException("Only 'Authorization: Bearer <token>' is accepted");
        }
        return new PreAuthenticatedAuthenticationToken(ApiTokenAuthenticationProvider.API_CLIENT,
                header.substring(BEARER.length()).trim());
    }

}
