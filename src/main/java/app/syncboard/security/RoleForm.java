package app.syncboard.security;

import jakarta.validation.constraints.NotNull;

record RoleForm(@NotNull(message = "Choose a role.") Role role) {}
