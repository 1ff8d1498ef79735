package io.sfcrime.verify.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for every error of the API, through the base class: Spring
 * MVC's own errors (a parameter that is not a number, an unknown method), and a parameter
 * outside its constraints, which this advice words (which parameter, what it must be,
 * what it was, its bounds) instead of the base class's "Validation failure".
 */
@RestControllerAdvice
class ErrorAdvice extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ex.getBody();
        List<ParameterValidationResult> results = ex.getParameterValidationResults();
        problem.setTitle("Bad " + results.stream().map(ErrorAdvice::name).collect(Collectors.joining(", ")));
        problem.setDetail(results.stream().map(ErrorAdvice::describe).collect(Collectors.joining("; ")));
        for (ParameterValidationResult result : results) {
            Min min = result.getMethodParameter().getParameterAnnotation(Min.class);
            Max max = result.getMethodParameter().getParameterAnnotation(Max.class);
            if (min != null) {
                problem.setProperty("min", min.value());
            }
            if (max != null) {
                problem.setProperty("max", max.value());
            }
        }
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    private static String name(ParameterValidationResult result) {
        return result.getMethodParameter().getParameterName();
    }

    private static String describe(ParameterValidationResult result) {
        return name(result) + " "
                + result.getResolvableErrors()
                    .stream()
                    .map(MessageSourceResolvable::getDefaultMessage)
                    .distinct()
                    .collect(Collectors.joining(", "))
                + ", was " + result.getArgument();
    }

}
