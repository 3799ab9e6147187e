package app.syncboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void aWiderScopeIncludesTheNarrowerOnes() {
        assertThat(Scope.expand(Set.of(Scope.ADMIN))).containsExactlyInAnyOrder(Scope.values());
        assertThat(Scope.expand(Set.of(Scope.RUNS_TRIGGER)))
                .containsExactlyInAnyOrder(Scope.RUNS_TRIGGER, Scope.MONITORING_READ);
        assertThat(Scope.expand(Set.of(Scope.MONITORING_READ))).containsExactly(Scope.MONITORING_READ);
        assertThat(new ApiTokenPrincipal(1, "nagios", Set.of(Scope.MONITORING_READ)).allows(Scope.RUNS_TRIGGER))
                .isFalse();
    }

    @Test
    void scopesAreStoredAsSpaceSeparatedValues() {
        assertThat(Scope.join(Set.of(Scope.ADMIN, Scope.MONITORING_READ))).isEqualTo("monitoring:read admin");
        assertThat(Scope.parse("monitoring:read  admin")).containsExactlyInAnyOrder(Scope.MONITORING_READ, Scope.ADMIN);
        assertThat(Scope.parse("runs:trigger some:later-scope")).containsExactly(Scope.RUNS_TRIGGER);
        assertThat(Scope.parse("")).isEmpty();
        assertThat(Scope.MONITORING_READ.authority()).isEqualTo("SCOPE_monitoring:read");
    }
}
