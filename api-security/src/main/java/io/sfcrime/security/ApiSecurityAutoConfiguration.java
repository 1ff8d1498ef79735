package io.sfcrime.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may do what through a service's HTTP API, the same in every service of the suite:
 * <ul>
 * <li>GET, HEAD and OPTIONS are open to anyone (the results, status, {@code health} and
 * {@code prometheus});</li>
 * <li>every other method needs {@code Authorization: Bearer <sfcrime.security.api-token>}
 * when a token is set, and is answered 401 as a problem detail without it; a wrong token
 * is 401 on any method;</li>
 * <li>the request's principal is what actuator's {@code show-details: when-authorized}
 * looks at, so health details go only to the token holder (or to everyone when no token
 * is set, as everything else does then);</li>
 * <li>request bodies are limited ({@code sfcrime.security.max-request-body}), and every
 * error the application answers outside the controllers' own handlers is a problem detail
 * too.</li>
 * </ul>
 * One filter chain built by one piece of code, so the three services cannot drift apart.
 */
@AutoConfiguration(before = { SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
        ErrorMvcAutoConfiguration.class }, beforeName = ApiSecurityAutoConfiguration.ACTUATOR_SECURITY)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class ApiSecurityAutoConfiguration {

    /**
     * Actuator's default chain, named so that this library does not need actuator on its
     * class path.
     */
    static final String ACTUATOR_SECURITY = "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration";

    private static final Logger log = LoggerFactory.getLogger(ApiSecurityAutoConfiguration.class);

    private static final String REALM = "Bearer realm=\"sfcrime\"";

    @Bean
    Problems apiProblems(ObjectMapper mapper) {
        return new Problems(mapper);
    }

    /** A bean, so that Boot does not add its generated-password user beside the token. */
    @Bean
    ApiTokenAuthenticationProvider apiTokenAuthenticationProvider(ApiSecurityProperties properties) {
        return new ApiTokenAuthenticationProvider(properties);
    }

    @Bean
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiSecurityProperties properties,
            ApiTokenAuthenticationProvider provider, Problems problems, Environment environment) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, ex) -> {
            boolean badToken = ex instanceof BadCredentialsException;
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, badToken ? REALM + ", error=\"invalid_token\"" : REALM);
            problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                    badToken ? ex.getMessage()
                            : request.getMethod() + " " + request.getRequestURI() + " needs the API token: send "
                                    + "'Authorization: Bearer <token>' (the token is sfcrime.security.api-token)",
                    request.getRequestURI());
        };
        AccessDeniedHandler forbidden = (request, response, ex) -> problems.write(response, HttpStatus.FORBIDDEN,
                "Forbidden", request.getMethod() + " " + request.getRequestURI() + " is not allowed",
                request.getRequestURI());
        AuthenticationFilter tokens = new AuthenticationFilter(new ProviderManager(provider),
                new BearerTokenConverter(properties.tokenRequired()));
        tokens.setSuccessHandler((request, response, authentication) -> {
        });
        tokens.setFailureHandler(new AuthenticationEntryPointFailureHandler(unauthorized));
        http
            // The token travels in a header that a cross-site form cannot set, and no
            // cookie or session is
            // used: there is nothing for CSRF to ride on.
            .csrf(AbstractHttpConfigurer::disable)
            .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache(cache -> cache.disable())
            .formLogin(AbstractHttpConfigurer::disable)
            .httpBasic(AbstractHttpConfigurer::disable)
            .logout(AbstractHttpConfigurer::disable)
            .addFilterBefore(tokens, AnonymousAuthenticationFilter.class)
            .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
            .authorizeHttpRequests(requests -> requests
                // The error page renders the original request's error; it must not ask
                // for a token itself.
                .dispatcherTypeMatchers(DispatcherType.ERROR)
                .permitAll()
                .requestMatchers(HttpMethod.GET)
                .permitAll()
                .requestMatchers(HttpMethod.HEAD)
                .permitAll()
                .requestMatchers(HttpMethod.OPTIONS)
                .permitAll()
                .anyRequest()
                .authenticated());
        report(properties, environment);
        return http.build();
    }

    /**
     * Spring Security's firewall refusals (encoded slashes, path parameters, ...) as
     * problem details.
     */
    @Bean
    RequestRejectedHandler apiRequestRejectedHandler(Problems problems) {
        return (request, response, ex) -> problems.write(response, HttpStatus.BAD_REQUEST, "Request rejected",
                "The request's URL or headers are not accepted (encoded separators, path parameters and similar)",
                null);
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> apiRequestBodyLimitFilter(ApiSecurityProperties properties,
            Problems problems) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties, problems));
        // Before anything reads the body, security included.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    ProblemErrorController apiProblemErrorController(Problems problems) {
        return new ProblemErrorController(problems);
    }

    private static void report(ApiSecurityProperties properties, Environment environment) {
        if (properties.tokenRequired()) {
            log.info("API token set (sfcrime.security.api-token): POST, PUT, PATCH and DELETE need "
                    + "'Authorization: Bearer <token>'; GETs, health status and prometheus stay open");
            return;
        }
        log.warn(
                "sfcrime.security.api-token is not set: anyone who reaches this service (server.address {}) can "
                        + "start, stop and reset it and read health details. Keep it on loopback or set a token.",
                environment.getProperty("server.address", "unset: every interface"));
    }

}
