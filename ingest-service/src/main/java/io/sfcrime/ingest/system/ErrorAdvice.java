package io.sfcrime.ingest.system;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.sfcrime.ingest.replay.InvalidReplayOptionsException;
import io.sfcrime.ingest.replay.NothingToResumeException;
import io.sfcrime.ingest.replay.ReplayAlreadyRunningException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the service's API as an RFC 9457 problem detail: the replay's own
 * refusals with a title and the options at fault named one by one in {@code errors};
 * Spring's own errors (415, 405, ...) as the base class makes them.
 */
@RestControllerAdvice
class ErrorAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail invalidOptions(InvalidReplayOptionsException ex) {
        return invalidOptions(ex.errors());
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

    /**
     * Options that break their limits (Bean Validation on the request): the rules between
     * options first, then each option's own in the order the request declares them, so
     * that the answer reads the same every time.
     */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> order = ex.getTarget() == null ? List.of() : optionNames(ex.getTarget().getClass());
        Stream<String> between = ex.getGlobalErrors().stream().map(ObjectError::getDefaultMessage);
        Stream<String> each = ex.getFieldErrors()
            .stream()
            .sorted(Comparator.comparingInt(error -> order.indexOf(error.getField())))
            .map(error -> error.getField() + ": " + error.getDefaultMessage());
        return ResponseEntity.badRequest().body(invalidOptions(Stream.concat(between, each).toList()));
    }

    /** The options of a request body, in the order its record declares them. */
    private static List<String> optionNames(Class<?> body) {
        RecordComponent[] components = body.getRecordComponents();
        return components == null ? List.of() : Arrays.stream(components).map(RecordComponent::getName).toList();
    }

    /** A body Jackson cannot map: name the field and what was wrong with it. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalidOptions(List.of(describe(ex.getCause()))));
    }

    private static String describe(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown option '" + unknown.getPropertyName() + "'; the options are "
                    + String.join(", ", optionNames(unknown.getReferringClass()));
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

    private static ProblemDetail invalidOptions(List<String> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", errors));
        problem.setTitle("Invalid replay options");
        problem.setProperty("errors", errors);
        return problem;
    }

}
