package app.syncboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import app.syncboard.audit.AuditTrail.AuditTest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every controller method of the app that takes a state-changing request names its action, so that a new endpoint
 * cannot be added unaudited; and none of them is under {@code /settings/audit}, which only reads.
 */
@AuditTest
class AuditCoverageIT {

    private static final Set<RequestMethod> CHANGING =
            EnumSet.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Test
    void everyStateChangingHandlerIsAudited() {
        List<String> unaudited = new ArrayList<>();
        List<String> audited = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> handler :
                mapping.getHandlerMethods().entrySet()) {
            HandlerMethod method = handler.getValue();
            if (!method.getBeanType().getPackageName().startsWith("app.syncboard")) {
                continue;
            }
            Set<RequestMethod> methods = handler.getKey().getMethodsCondition().getMethods();
            // No method named: the mapping takes every method, POST included.
            if (!methods.isEmpty() && methods.stream().noneMatch(CHANGING::contains)) {
                continue;
            }
            String name = method.getBeanType().getSimpleName() + "."
                    + method.getMethod().getName() + " " + handler.getKey().getPatternValues();
            Audited action = method.getMethodAnnotation(Audited.class);
            if (action == null) {
                unaudited.add(name);
            } else {
                audited.add(action.value());
                assertThat(action.value()).as(name).matches("[a-z][a-z-]*\\.[a-z][a-z-]*");
            }
            assertThat(handler.getKey().getPatternValues())
                    .as("nothing changes the audit log: " + name)
                    .noneMatch(pattern -> pattern.startsWith(AuditController.PATH));
        }
        assertThat(unaudited).as("state-changing handlers without @Audited").isEmpty();
        assertThat(audited)
                .contains(
                        "run.sync-now",
                        "run.cancel",
                        "run.approve",
                        "job.pause",
                        "job.create",
                        "job.update",
                        "job.delete",
                        "host-key.accept",
                        "token.create",
                        "token.revoke");
    }
}
