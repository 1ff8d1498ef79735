package io.sfcrime.ingest.replay;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error of the replay API as an RFC 7807 problem detail naming the option at fault. */
@RestControllerAdvice
class ReplayProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail invalidOptions(InvalidReplayOptionsException ex) {
        return badRequest(ex.getMessage(), ex.errors());
    }

    @ExceptionHandler
    ProblemDetail alreadyRunning(ReplayAlreadyRunningException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setTitle("Replay already running");
        problem.setProperty("replay", ex.running());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail nothingToResume(NothingToResumeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setTitle("Nothing to resume");
        return problem;
    }

    /** A body Jackson cannot map: name the field and what was wrong with it. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String error = describe(ex.getCause());
        return ResponseEntity.badRequest().body(badRequest(error, List.of(error)));
    }

    private static String describe(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown option '" + unknown.getPropertyName() + "'; the options are rate, speedup, order, limit, "
                    + "loop, file, resume";
        }
        if (cause instanceof InvalidFormatException invalid) {
            return path(invalid) + ": '" + invalid.getValue() + "' is not a " + typeName(invalid.getTargetType());
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return path(mapping) + ": " + mapping.getOriginalMessage();
        }
        return "The body must be a JSON object of replay options: "
                + (cause == null ? "unreadable" : cause.getMessage());
    }

    private static String path(JsonMappingException ex) {
        return ex.getPath().stream().map(JsonMappingException.Reference::getFieldName).collect(Collectors.joining("."));
    }

    private static String typeName(Class<?> type) {
        if (Number.class.isAssignableFrom(type)) {
            return "number";
        }
        return type == Boolean.class ? "boolean (true or false)" : type.getSimpleName();
    }

    private static ProblemDetail badRequest(String detail, List<String> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid replay options");
        problem.setProperty("errors", errors);
        return problem;
    }
}
