package io.sfcrime.ingest.replay;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * The rules of a replay request that are not one option's limits: a known {@code order},
 * a rate or a speed-up but not both, and a resume alone. Reported with the options' own
 * violations, so that a request hears of every mistake at once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ReplayRequestRules.Validator.class)
@interface ReplayRequestRules {

    String message() default "replay options that do not go together";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /**
     * Each broken rule as a violation of its own: the order on its option, the others on
     * the request.
     */
    final class Validator implements ConstraintValidator<ReplayRequestRules, ReplayRequest> {

        @Override
        public boolean isValid(ReplayRequest request, ConstraintValidatorContext context) {
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            if (request.order() != null && ReplayOrder.parse(request.order()).isEmpty()) {
                // A message parameter, never the template itself: the value is the
                // caller's text.
                context.unwrap(HibernateConstraintValidatorContext.class)
                    .addMessageParameter("given", request.order())
                    .buildConstraintViolationWithTemplate("must be 'event-time' or 'file', not '{given}'")
                    .addPropertyNode("order")
                    .addConstraintViolation();
                valid = false;
            }
            if (request.rate() != null && request.speedup() != null) {
                context.buildConstraintViolationWithTemplate("rate and speedup: give one or the other, not both")
                    .addConstraintViolation();
                valid = false;
            }
            List<String> others = request.optionsBesidesResume();
            if (request.isResume() && !others.isEmpty()) {
                context
                    .buildConstraintViolationWithTemplate("resume: sends the rest of the last replay with its own "
                            + "options; give no other option (given: " + String.join(", ", others) + ")")
                    .addConstraintViolation();
                valid = false;
            }
            return valid;
        }

    }

}
