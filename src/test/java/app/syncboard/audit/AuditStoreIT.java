package app.syncboard.audit;

import app.syncboard.audit.AuditTrail.AuditTest;

/** {@link AuditStoreContract} on H2. */
@AuditTest
class AuditStoreIT extends AuditStoreContract {}
