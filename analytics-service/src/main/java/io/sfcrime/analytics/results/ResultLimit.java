package io.sfcrime.analytics.results;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many rows a request may ask for: the endpoints' one bound, with one message for
 * either side of it.
 */
@Min(1)
@Max(ResultsController.MAX_LIMIT)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@interface ResultLimit {

    String message() default "'limit' must be between 1 and " + ResultsController.MAX_LIMIT + ", was ${validatedValue}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

}
