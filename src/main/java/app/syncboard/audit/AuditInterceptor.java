package app.syncboard.audit;

import app.syncboard.audit.AuditEvent.Outcome;
import app.syncboard.audit.AuditEvent.Target;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Records each state-changing request (POST, PUT, PATCH, DELETE) that reaches a controller, pages and API alike: one
 * entry when the request ends, with the action of the method's {@link Audited}, what {@link Audit} added while it
 * was handled, and the outcome read from the answer. A request refused before it reached a controller (no role or
 * scope) is recorded by {@link SecurityAudit}.
 */
class AuditInterceptor implements HandlerInterceptor {

    static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AuditRecorder recorder;

    AuditInterceptor(AuditRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST
                || !STATE_CHANGING.contains(request.getMethod())
                || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        AuditNote note = note(request, method);
        if (note.targetType != null && note.targetId != null) {
            // Named now: after a deletion nothing could name it any more.
            note.targetName = recorder.nameOf(note.targetType, note.targetId).orElse(null);
        }
        request.setAttribute(AuditNote.ATTRIBUTE, note);
        return true;
    }

    /** The entry as far as the handler and the path tell it; unmarked handlers are recorded by method and path. */
    static AuditNote note(HttpServletRequest request, HandlerMethod method) {
        Audited audited = method.getMethodAnnotation(Audited.class);
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (audited == null) {
            AuditNote note = new AuditNote("http." + request.getMethod().toLowerCase(Locale.ROOT), null, null);
            note.details.add("request: " + request.getMethod() + " " + request.getRequestURI());
            note.details.add("handler: " + method.getBeanType().getSimpleName() + "."
                    + method.getMethod().getName());
            return note;
        }
        String type = audited.target().isEmpty() ? typeOf(audited.value()) : audited.target();
        String id = variables == null ? null : variables.get(audited.id());
        return new AuditNote(audited.value(), type, id);
    }

    static String typeOf(String action) {
        int dot = action.indexOf('.');
        return dot < 0 ? action : action.substring(0, dot);
    }

    @Override
    public void postHandle(
            HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView view) {
        if (view != null && request.getAttribute(AuditNote.ATTRIBUTE) instanceof AuditNote note) {
            // A form shown again with its errors: nothing was saved.
            view.getModel().values().stream()
                    .filter(value -> value instanceof BindingResult result && result.hasErrors())
                    .map(BindingResult.class::cast)
                    .forEach(result -> result.getFieldErrors().forEach(error -> {
                        if (!note.rejectedFields.contains(error.getField())) {
                            note.rejectedFields.add(error.getField());
                        }
                    }));
        }
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception exception) {
        if (!(request.getAttribute(AuditNote.ATTRIBUTE) instanceof AuditNote note)) {
            return;
        }
        request.removeAttribute(AuditNote.ATTRIBUTE);
        Outcome outcome = note.outcome;
        String reason = note.reason;
        Exception failure =
                exception != null ? exception : (Exception) request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE);
        int status = response.getStatus();
        if (outcome == null) {
            if (exception != null) {
                outcome = Outcome.FAILED;
                reason = reasonOf(failure, HttpStatus.INTERNAL_SERVER_ERROR.value());
            } else if (status == HttpStatus.UNAUTHORIZED.value() || status == HttpStatus.FORBIDDEN.value()) {
                outcome = Outcome.DENIED;
                reason = reasonOf(failure, status);
            } else if (status >= 400) {
                outcome = Outcome.FAILED;
                reason = reasonOf(failure, status);
            } else if (!note.rejectedFields.isEmpty()) {
                outcome = Outcome.FAILED;
                reason = "Not saved: the form had errors in " + String.join(", ", note.rejectedFields) + ".";
            } else {
                outcome = Outcome.SUCCESS;
            }
        }
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        recorder.record(new AuditEvent(
                user == null || user instanceof AnonymousAuthenticationToken
                        ? "anonymous"
                        : AuditRecorder.actorOf(user),
                request.getRemoteAddr(),
                note.action,
                note.targetType == null && note.targetId == null
                        ? null
                        : new Target(note.targetType, note.targetId, note.targetName),
                outcome,
                reason,
                note.details.isEmpty() ? null : String.join("\n", note.details)));
    }

    /**
     * Why a request failed, in words fit for the log: the detail of an answer written for users (such as the API's
     * problem details), else only the status and the kind of error, as an exception's own message may hold anything.
     */
    static String reasonOf(Exception failure, int status) {
        String statusText = "HTTP " + status
                + (HttpStatus.resolve(status) == null
                        ? ""
                        : " " + HttpStatus.resolve(status).getReasonPhrase());
        if (failure instanceof ErrorResponse answer) {
            String detail = answer.getBody().getDetail();
            return detail == null ? statusText : detail;
        }
        if (failure != null) {
            return statusText + " (" + failure.getClass().getSimpleName() + ")";
        }
        return statusText;
    }
}
