package app.syncboard.api;

import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Errors of the API (and of the monitoring endpoints) as {@code application/problem+json}: {@link ApiProblem}s
 * and Spring MVC's own, such as a run number that is not a number. The pages keep their HTML error page.
 */
@RestControllerAdvice(basePackages = {"app.syncboard.api", "app.syncboard.monitoring"})
class ApiErrors extends ResponseEntityExceptionHandler {}
