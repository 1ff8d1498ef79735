package io.sfcrime.verify.tally;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 7807 problem details for every error of the API: Spring MVC's own errors (a limit that is not a number, an
 * unknown method) through the base class, and a limit out of range here.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler(BadLimitException.class)
    ProblemDetail badLimit(BadLimitException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Bad limit");
        problem.setProperty("max", ex.max());
        return problem;
    }
}
