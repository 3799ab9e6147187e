package app.syncboard.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The audited action of a controller method: each POST, PUT, PATCH or DELETE request it handles is recorded as one
 * entry with this name, the signed-in user or token, the remote address and the outcome (SUCCESS, or FAILED for an
 * error status, an exception or a form sent back with errors, DENIED for 401 and 403). The target is the path
 * variable {@link #id()}, of the type {@link #target()}; {@link Audit} adds details. Every state-changing handler of
 * the app carries one ({@code AuditCoverageIT} fails the build otherwise).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {

    /** A stable name, {@code <target type>.<verb>} as {@code host.update} or {@code run.sync-now}. */
    String value();

    /** What the action is done to ({@code host}, {@code pair}, {@code job}, {@code run}, ...); empty: the part of
     * {@link #value()} before its first dot. */
    String target() default "";

    /** The path variable holding the target's id. */
    String id() default "id";
}
