package app.syncboard.notify;

import app.syncboard.SyncboardTest;

/** {@link NotificationStoreContract} on H2. */
@SyncboardTest
class NotificationStoreIT extends NotificationStoreContract {}
