package app.syncboard.hosts;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

@Table("host")
public record Host(@Id Long id, String name, HostKind kind) {

    public boolean isLocal() {
        return kind == HostKind.LOCAL;
    }
}
