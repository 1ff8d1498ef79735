package io.sfcrime.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page as a problem detail, in place of Boot's whitelabel JSON: what ends in
 * {@code sendError} (Spring's own resolvers, a filter, the container) is answered in the
 * same shape as the controllers' errors, whatever the request accepts. A server error
 * says only that it happened; the log has the cause, the client never does.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
final class ProblemErrorController implements ErrorController {

    private final Problems problems;

    ProblemErrorController(Problems problems) {
        this.problems = problems;
    }

    @RequestMapping
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : code == null ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String text ? text : request.getRequestURI();
        String detail = status.is5xxServerError() ? "The service could not answer this request; its log says why"
                : status == HttpStatus.NOT_FOUND ? "Nothing is served at " + path
                        : status.getReasonPhrase() + ": " + request.getMethod() + " " + path;
        this.problems.write(response, status, status.getReasonPhrase(), detail, path);
    }

}
