package io.sfcrime.analytics.system;

import io.sfcrime.analytics.dashboard.UpstreamUnavailableException;
import io.sfcrime.analytics.results.ResultsUnavailableException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The service's one advice: RFC 9457 problem details for its own exceptions, and for
 * Spring's through the base class (an unparseable date, a parameter or request record
 * that fails Bean Validation). A failed validation is answered with what failed, not only
 * the base class's generic "Invalid request content".
 */
@RestControllerAdvice
class ErrorAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler(ResultsUnavailableException.class)
    ProblemDetail resultsUnavailable(ResultsUnavailableException ex) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Results not available yet", ex.getMessage());
    }

    /**
     * 502: analytics is up, the service behind it is not; the page names the service and
     * shows the reason.
     */
    @ExceptionHandler(UpstreamUnavailableException.class)
    ProblemDetail upstreamUnavailable(UpstreamUnavailableException ex) {
        ProblemDetail problem = problem(HttpStatus.BAD_GATEWAY, "Service not reachable", ex.getMessage());
        problem.setProperty("service", ex.service());
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badParameter(ex, ex.getAllErrors(), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badParameter(ex, ex.getAllErrors(), headers, status, request);
    }

    private ResponseEntity<Object> badParameter(Exception ex, List<? extends MessageSourceResolvable> errors,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = errors.stream().map(ErrorAdvice::message).collect(Collectors.joining("; "));
        return handleExceptionInternal(ex, problem(status, "Bad request parameter", detail), headers, status, request);
    }

    private static ProblemDetail problem(HttpStatusCode status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    /**
     * A value that did not convert is named with the base class's own wording for a
     * parameter of the wrong type.
     */
    private static String message(MessageSourceResolvable error) {
        if (error instanceof FieldError field && field.isBindingFailure()) {
            return "Failed to convert '" + field.getField() + "' with value: '" + field.getRejectedValue() + "'";
        }
        return error.getDefaultMessage();
    }

}
