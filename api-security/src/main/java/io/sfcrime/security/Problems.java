package io.sfcrime.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes an RFC 7807 problem detail straight to the response, for the answers given
 * before Spring MVC picks a handler (the filters) or outside it (the error page): the
 * same shape the services' exception handlers give.
 */
final class Problems {

    private final ObjectMapper mapper;

    Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void write(HttpServletResponse response, HttpStatus status, String title, String detail, String path)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setInstance(instance(path));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        this.mapper.writeValue(response.getOutputStream(), problem);
    }

    /**
     * The request's path as the problem's instance; left out when it is not a valid URI
     * reference.
     */
    private static URI instance(String path) {
        if (path == null) {
            return null;
        }
        try {
            return new URI(path);
        }
        catch (URISyntaxException ex) {
            return null;
        }
    }

}
