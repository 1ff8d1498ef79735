package io.sfcrime.analytics.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The web page may load and call only what this service serves: no CDN, no other origin,
 * no inline script or style, and it may not be framed. Set on every answer (harmless on
 * JSON), before anything else runs, so error pages carry it too.
 */
@Component
class ContentSecurityPolicy extends OncePerRequestFilter {

    static final String POLICY = "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        chain.doFilter(request, response);
    }

}
