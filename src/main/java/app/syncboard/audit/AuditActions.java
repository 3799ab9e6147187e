package app.syncboard.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The controllers' audited actions: every name (for the page's suggestions), and the entry a request would have had
 * when it is refused before it reaches its controller.
 */
@Component
class AuditActions {

    /** Actions that are not a controller's: signing in and out. */
    static final String LOGIN_SUCCESS = "login.success";

    static final String LOGIN_FAILURE = "login.failure";
    static final String LOGOUT = "logout";

    private final ObjectProvider<RequestMappingHandlerMapping> mapping;

    AuditActions(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mapping) {
        this.mapping = mapping;
    }

    /** Every action name the app records from requests, sorted. */
    List<String> names() {
        Set<String> names = new TreeSet<>(List.of(LOGIN_SUCCESS, LOGIN_FAILURE, LOGOUT));
        mapping.getObject().getHandlerMethods().values().stream()
                .map(method -> method.getMethodAnnotation(Audited.class))
                .filter(audited -> audited != null)
                .forEach(audited -> names.add(audited.value()));
        return List.copyOf(names);
    }

    /**
     * The entry of the controller method that would have handled the request, as {@link AuditInterceptor} begins it;
     * empty when no controller method would have. The request is looked at through a copy of its attributes, so
     * that the lookup leaves nothing behind in it.
     */
    Optional<AuditNote> noteFor(HttpServletRequest request) {
        Detached detached = new Detached(request);
        try {
            ServletRequestPathUtils.parseAndCache(detached);
            HandlerExecutionChain chain = mapping.getObject().getHandler(detached);
            if (chain != null && chain.getHandler() instanceof HandlerMethod method) {
                return Optional.of(AuditInterceptor.note(detached, method));
            }
        } catch (Exception noHandler) {
            // No method takes this request (wrong method, unknown path): the caller records it by its address.
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The request with attributes of its own: what the lookup writes stays here. */
    private static final class Detached extends HttpServletRequestWrapper {

        private final Map<String, Object> attributes = new HashMap<>();
        private final Set<String> removed = new HashSet<>();

        Detached(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            if (attributes.containsKey(name)) {
                return attributes.get(name);
            }
            return removed.contains(name) ? null : super.getAttribute(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            Set<String> names = new HashSet<>(Collections.list(super.getAttributeNames()));
            names.removeAll(removed);
            names.addAll(attributes.keySet());
            return Collections.enumeration(names);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
            removed.remove(name);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
            removed.add(name);
        }
    }
}
